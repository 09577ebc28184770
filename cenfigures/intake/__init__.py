"""The intake: bring an article in from wherever the analyst has it (a web page by its address, a
saved page, a PDF, a Word .docx, a text file in UTF-8, GB18030/GBK/GB2312 or Big5, or pasted text).

    python -m cenfigures.intake <file-or-url> [--name …]      (and the dashboard's /add page, editors only)

One step for both: `extract` reads the source into blocks of text in reading order, the page
furniture it drops kept aside (restorable), with the page's own guesses (title, publisher, date,
author); `store.add_article` writes seeds/<name>.txt (the text a reviewer confirmed), the original
bytes in seeds/originals/<name>.<ext>, and the drafter's annotation whose [source] records where it
came from; the page then rebuilds data/. Its own package and rank (tests/test_layers.py): it uses
tables, prep and the drafter; the app's /add page is the one part of the app that calls it.
"""
