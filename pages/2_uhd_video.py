"""A declared topic's page (seeds/topics.toml, topic "uhd_video"): its charts as tabs."""

from cenfigures.app.page import topic_page

topic_page("uhd_video")
