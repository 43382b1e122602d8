"""Documents the one-stop shop prints: the official forms (mẫu phiếu) as PDF, built with typst.

See :mod:`motcua.documents.pdf` for the forms and their data contracts.
"""
