"""Xin'an: static site generator and open-data portal for a district's public mental-health services."""
