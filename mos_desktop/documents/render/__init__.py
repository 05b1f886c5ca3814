"""Renderers: a form's layout is a list of blocks (blocks.py); pdf.py and docx.py turn the same blocks into
a PDF (reportlab) and a DOCX (python-docx). They know nothing of the database or of any one form."""
