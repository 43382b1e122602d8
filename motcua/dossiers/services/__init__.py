"""Every change to a dossier goes through one of these functions (STYLE.md habit 1)."""
