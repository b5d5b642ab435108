"""Xin'an: static site generator and open-data portal for a district's public mental-health services."""
import os

# openpyxl writes its XML through lxml when lxml happens to be installed (the test extras pull it in) and through
# the standard library otherwise, and the two differ byte for byte. The published workbooks, and the hashes in
# datapackage.json and catalog.jsonld, must not depend on what is installed: always the standard library.
# (It is read once, when openpyxl is first imported; generator.opendata refuses to write if it was too late.)
os.environ["OPENPYXL_LXML"] = "False"
