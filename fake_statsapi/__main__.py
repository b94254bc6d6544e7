"""``python -m fake_statsapi`` runs the same CLI as ``fake-statsapi``."""

from fake_statsapi.cli import main

main(prog_name="fake-statsapi")
