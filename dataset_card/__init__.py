"""Dataset card templates, installed as ``boost_qa.card_templates``."""
