"""Fontconfig aliases that map the Chinese office fonts to installed Noto CJK fonts."""
