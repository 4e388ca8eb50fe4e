from claimscope.classify.lexicon import load_lexicon
from claimscope.classify.normalize import normalize


def _hits(text):
    return [(text[h.start:h.end], h.kind, h.group) for h in load_lexicon().hits(text)]


def test_normalize_keeps_length_and_undoes_leetspeak():
    text = "Ye P00Fs and j3ws in 2016!"
    assert normalize(text) == "ye poofs and jews in 2016!"
    assert len(normalize(text)) == len(text)


def test_coded_antisemitic_terms_are_hate_against_jewish_people():
    found = _hits("the zio regime and the zogs, media full of jewhadis, (((Smith))) again")
    assert ("zio", "coded", "jewish") in found
    assert ("zogs", "coded", "jewish") in found
    assert ("jewhadis", "coded", "jewish") in found
    assert ("(((Smith)))", "coded", "jewish") in found


def test_leetspeak_slur_keeps_original_span():
    assert _hits("you p00f") == [("p00f", "slur", "lgbtq")]


def test_insult_has_no_group_and_mention_is_not_hate():
    assert _hits("you idiot") == [("idiot", "insult", None)]
    assert _hits("Muslims pray on Friday") == [("Muslims", "identity", "muslim")]


def test_national_slot_names_the_nation():
    assert ("Americunts", "slur", "national_ethnic:american") in _hits("those Americunts")


def test_dehumanising_word_is_hate_only_next_to_a_group():
    from claimscope.classify.toxicity import paired_hits

    lexicon = load_lexicon()
    text = "Migrants are vermin. The rats in the barn ate the grain."
    tropes = [h for h in paired_hits(text, lexicon.hits(text)) if h.kind == "trope"]
    assert [(text[h.start:h.end], h.group) for h in tropes] == [("Migrants are vermin", "migrants")]


def test_a_dehumanising_word_far_from_the_group_is_weak_evidence():
    from claimscope.classify.toxicity import FAR_PAIR_WEIGHT, paired_hits
    from claimscope.settings import Settings

    lexicon = load_lexicon()
    far = "Wild monkeys in the park spend each morning grooming the females of their troop."
    near = "Those monkeys, the feminists, want to ruin everything."
    weights = {t: [h.weight for h in paired_hits(t, lexicon.hits(t)) if h.kind == "trope"] for t in (far, near)}
    assert weights[far] == [FAR_PAIR_WEIGHT] and FAR_PAIR_WEIGHT < Settings().hate_threshold
    assert weights[near] == [0.8]


def test_go_back_is_xenophobic_only_towards_a_country():
    from claimscope.classify.lexicon import load_lexicon

    lexicon = load_lexicon()
    assert ("slur", "migrants") in {(h.kind, h.group) for h in lexicon.hits("go back to your country")}
    # telling a commenter to go back to his troll farm names no group
    assert all(h.group is None for h in lexicon.hits("go back to your Kiev troll farm"))
