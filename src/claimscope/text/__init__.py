"""What every stage reads text with: spans, paragraphs and sentences (``units``)."""
