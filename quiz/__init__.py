"""Question generation, practice, scheduling and scoring (built in the question-bank issues)."""
