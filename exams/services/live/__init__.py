"""The live exam (issue #15): attempts and their clock (attempts), the channel groups and pushes (groups), the
batching answer writer (writer) and the answers' hash chain (chain). See docs/exam-protocol.md."""
