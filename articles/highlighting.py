"""An article body cut into paragraphs of plain and highlighted pieces, for the article page."""

from dataclasses import dataclass

PARAGRAPH_BREAK = "\n\n"


@dataclass
class Piece:
    text: str
    attribution: object = None  # the attribution this piece is the words of, if any


def highlighted_paragraphs(body, attributions):
    """Paragraphs (lists of Pieces) with each attribution's words marked. Where spans overlap
    (a paraphrase around a partial quote) the one that starts first is marked."""
    marked, end = [], 0
    for attribution in sorted(attributions, key=lambda a: (a.start, -a.end)):
        if attribution.start >= end:
            marked.append(attribution)
            end = attribution.end
    paragraphs, position = [], 0
    for text in body.split(PARAGRAPH_BREAK):
        start, stop = position, position + len(text)
        pieces, cursor = [], start
        for attribution in marked:
            if attribution.end <= start or attribution.start >= stop:
                continue
            low, high = max(attribution.start, start), min(attribution.end, stop)
            if low > cursor:
                pieces.append(Piece(body[cursor:low]))
            pieces.append(Piece(body[low:high], attribution))
            cursor = high
        if cursor < stop:
            pieces.append(Piece(body[cursor:stop]))
        paragraphs.append(pieces)
        position = stop + len(PARAGRAPH_BREAK)
    return paragraphs
