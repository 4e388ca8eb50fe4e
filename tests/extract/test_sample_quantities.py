"""Every amount of money, percentage, share and count on the two real samples, with its
unit (issue 18). The list was drafted from the extractor's output and then checked line by
line against the samples: each entry is right, and no amount of the samples is missing.
Measures ("50km") are left out. A vague amount or a range is listed by its lower bound.
Skips without ../shared."""
import pytest

from claimscope.extract.quantities import find_quantities

# sample -> (line, text as written, value or lower bound, unit)
EXPECTED = {
    "000_269e1e4631f983df": [
        (1, '0 $', 0.0, 'USD'),
        (2, '2,500 $', 2500.0, 'USD'),
        (3, '5,000 $', 5000.0, 'USD'),
        (4, '3,250 $', 3250.0, 'USD'),
        (16, 'over 20', 20.0, None),
        (16, 'about 50', 50.0, None),
        (20, '10,000', 10000.0, None),
        (20, '10,,000', 10000.0, None),
        (22, 'about 230,000', 230000.0, None),
        (22, '3,000', 3000.0, None),
        (26, '10,000', 10000.0, None),
        (26, '73,000', 73000.0, None),
        (28, 'about 19 thousand', 19000.0, None),
        (28, 'several thousand', 2000.0, None),
        (44, 'thousands', 2000.0, None),
        (44, 'thousands of', 2000.0, None),
        (44, 'nearly 3,000', 3000.0, None),
        (44, 'two', 2.0, None),
        (67, 'five', 5.0, None),
        (72, '100%', 100.0, 'percent'),
        (72, 'over a dozen', 12.0, None),
        (74, '5', 5.0, None),
        (76, '5', 5.0, None),
        (111, '11', 11.0, None),
        (115, '$45 billion', 45000000000.0, 'USD'),
        (117, '$16.5 billion', 16500000000.0, 'USD'),
        (121, '13%', 13.0, 'percent'),
        (123, '80 cents', 0.8, 'USD'),
        (123, '20 cents', 0.2, 'USD'),
        (125, 'at least $22 trillion', 22000000000000.0, 'USD'),
        (127, 'over $600 billion', 600000000000.0, 'USD'),
        (131, '11', 11.0, None),
        (131, 'over 20', 20.0, None),
        (153, '100%', 100.0, 'percent'),
        (155, '99%', 99.0, 'percent'),
        (159, '5,290,000', 5290000.0, None),
        (159, 'More than 68,000', 68000.0, None),
        (159, '7,027', 7027.0, None),
        (159, '20,259', 20259.0, None),
        (159, '15,801', 15801.0, None),
        (159, '24,981', 24981.0, None),
        (159, 'Over 68,000', 68000.0, None),
        (178, '92,472', 92472.0, None),
        (178, '10,023', 10023.0, None),
        (178, 'more than 11%', 11.0, 'percent'),
        (180, '35,408', 35408.0, None),
        (180, '2,517', 2517.0, None),
        (180, 'more than 7%', 7.0, 'percent'),
        (182, '11%', 11.0, 'percent'),
        (182, '7.2%', 7.2, 'percent'),
        (182, '3.8%', 3.8, 'percent'),
        (182, '100,000', 100000.0, None),
        (182, '11%', 11.0, 'percent'),
        (184, '30%', 30.0, 'percent'),
        (190, '800', 800.0, None),
    ],
    "003_9aea6662ff77b1b6": [
        (3, 'at least four', 4.0, None),
        (5, 'five', 5.0, None),
        (5, '9,000', 9000.0, None),
        (53, '13,500', 13500.0, None),
        (53, '6,000', 6000.0, None),
        (102, 'Five', 5.0, None),
        (106, 'five', 5.0, None),
        (108, 'Five', 5.0, None),
        (114, '40', 40.0, None),
        (120, '257882', 257882.0, None),
        (126, 'more than 5278', 5278.0, None),
        (126, '1686', 1686.0, None),
        (126, '5426', 5426.0, None),
        (128, 'more than 1067', 1067.0, None),
        (128, 'more than 410', 410.0, None),
        (132, 'three', 3.0, None),
        (134, 'more than 160', 160.0, None),
        (134, '37', 37.0, None),
        (134, '66', 66.0, None),
        (134, '94', 94.0, None),
        (136, 'more than 721', 721.0, None),
        (136, 'More than 371', 371.0, None),
        (136, '53', 53.0, None),
        (136, '318', 318.0, None),
        (140, 'more than 29', 29.0, None),
        (142, 'thousands of', 2000.0, None),
        (144, '450', 450.0, None),
        (144, 'more than 8487', 8487.0, None),
        (146, 'billions of dollars', 2000000000.0, 'USD'),
        (148, 'more than 10,000', 10000.0, None),
        (148, 'more than 1240', 1240.0, None),
        (148, '22,000', 22000.0, None),
        (162, 'thousands of', 2000.0, None),
        (162, 'millions', 2000000.0, None),
        (162, '24.1 million', 24100000.0, None),
        (162, 'more than two-thirds', 0.6667, 'fraction'),
        (162, 'more than 12 million', 12000000.0, None),
        (164, 'more than 91,000', 91000.0, None),
        (164, 'four and a half', 4.5, None),
        (210, 'Hundreds of', 200.0, None),
        (210, '50', 50.0, None),
        (214, 'hundreds of', 200.0, None),
        (224, 'five', 5.0, None),
        (227, 'hundreds of', 200.0, None),
        (230, 'more than 50', 50.0, None),
        (252, 'hundreds of', 200.0, None),
        (254, 'more than 50', 50.0, None),
    ],
}
# what must never come out as an amount on these pages
NOT_AMOUNTS = {"000_269e1e4631f983df": ["1996", "2006", "Covid 19", "12:45", "2020-03-28", "9th", "a third"],
               "003_9aea6662ff77b1b6": ["Anfal 71", "Anfal 17", "360", "19", "Quds-1", "2020", "K1", "M4", "6th"]}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_amount_on_the_sample(shared_dir, name):
    text = (shared_dir / "samples" / f"{name}.txt").read_text(encoding="utf-8")
    found = [(text.count("\n", 0, q.start) + 1, q.text, q.value if q.value is not None else q.lower, q.unit)
             for q in find_quantities(text) if q.kind != "measure"]
    assert found == EXPECTED[name]
    texts = {q.text for q in find_quantities(text)}
    assert not any(t in texts or any(t == x.split()[-1] for x in texts) for t in NOT_AMOUNTS[name])


def test_sample_vague_amounts_are_vague(shared_dir):
    text = (shared_dir / "samples" / "000_269e1e4631f983df.txt").read_text(encoding="utf-8")
    several = next(q for q in find_quantities(text) if q.text == "several thousand")
    assert several.value is None and several.vague and several.counted == "people"
