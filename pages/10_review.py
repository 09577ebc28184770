"""Review a draft (editors only): the article beside its entries; save, history, restore (cenfigures/app/review.py)."""

from cenfigures.app import review
from cenfigures.app.page import setup_page

review.show(setup_page("review"))
