"""The exams app's WebSocket consumers (issue #15): the candidate's exam socket and the proctor's console."""
