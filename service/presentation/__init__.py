"""What the adapters share to show things to people: the one table from a refusal to its
status and message, the words and formats in Swedish and English, and calendar files."""
