"""The review screen's engine (the /review page, cenfigures/app/review.py, is its one caller in the app).

An editor's corrections to one article's annotation, kept apart from the file until saved
(`corrections`); what prep says of the corrected annotation, entry by entry, in prep's own words
(`check`, which calls prep's checkers); the save: the TOML rewritten in place with tomlkit (comments,
`guess` lines and order kept), atomically, refused when the file changed since it was read, data/
rebuilt, and a commit by the editor in the corpus folder's own git repository (`save`, `history`);
what changed between two versions, entry by entry (`changes`). Formats and rules: docs/review.md.
"""
