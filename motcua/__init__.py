"""MộtCửa: the one-stop shop (Bộ phận Một cửa) of a Vietnamese government agency."""
