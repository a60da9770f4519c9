"""Reports of the staff registry: the §7.2 quantity-and-quality report, its workbook, the HR dashboard."""

from hrm.services.reports.dashboard import dashboard_data
from hrm.services.reports.quality import quality_report
from hrm.services.reports.xlsx import quality_report_xlsx

__all__ = ["dashboard_data", "quality_report", "quality_report_xlsx"]
