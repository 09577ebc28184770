"""Any declared topic without a page file of its own, at /topic?id=<topic>: its charts as tabs.
A new topic in seeds/topics.toml (or an article's TOML) gets its page and menu entry here, no code."""

from cenfigures.app.page import topic_page

topic_page()
