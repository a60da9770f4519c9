"""The candidate's live exam socket: the consumer (socket), its message loop (turns), its database calls (calls)."""

from exams.consumers.candidate.socket import CandidateConsumer

__all__ = ["CandidateConsumer"]
