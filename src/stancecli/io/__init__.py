"""Input: files, folders, globs, stdin; text, Markdown, HTML, JSON/JSONL; into `Article`s."""
