"""A declared topic's page (seeds/topics.toml, topic "olympics_5g"): its charts as tabs."""

from cenfigures.app.page import topic_page

topic_page("olympics_5g")
