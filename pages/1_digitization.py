"""A declared topic's page (seeds/topics.toml, topic "digitization"): its charts as tabs."""

from cenfigures.app.page import topic_page

topic_page("digitization")
