"""One check module per chapter: ``course.checks.ch04`` checks the exercises of chapter 4."""
