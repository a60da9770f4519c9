"""Form widgets every app shares."""

from django import forms


class FilePicker(forms.FileInput):
    """A file input with a translated "Chọn tệp" button and the chosen file's name (static/js/file-picker.js).

    Still a real <input type=file>: keyboard and screen readers reach it, the field's own label names it, and without
    script the button opens the browser's file chooser and the form uploads as before."""

    template_name = "common/widgets/file_picker.html"
