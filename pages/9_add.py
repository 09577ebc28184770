"""Add an article (editors only): paste, upload or link; check; draft (cenfigures/app/add.py)."""

from cenfigures.app import add
from cenfigures.app.page import setup_page

add.show(setup_page("add"))
