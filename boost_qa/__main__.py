"""``python -m boost_qa``."""

from boost_qa.cli import main

main()
