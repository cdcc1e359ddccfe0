"""Export: a novel (or one chapter file) as a DOCX, EPUB 3, Markdown or plain-text book.

``book`` reads the novel into a ``Book`` (titles and paragraphs, pure Python), one module per
format writes it (``docx_file``, ``epub_file``, ``markdown``, ``plain_text``), and ``export``
picks the format by the file's suffix and writes it whole or not at all.

The rule: export reads the novel and never writes inside the novel's folder (nor over the
chapter file it was read from). Only ``docx_file.py`` imports ``docx``, and ``export`` loads
it only when DOCX is chosen. ``epub_file.py`` writes the EPUB with the standard library
(``zipfile`` and escaped XML): ebooklib is AGPL-3.0 and never part of the app.
"""
