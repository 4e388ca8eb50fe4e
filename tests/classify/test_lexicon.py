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


def test_a_slur_that_is_also_a_surname_is_the_person_where_written_as_a_name():
    # news sentences of the kind that were flagged as hate against Muslims at 0.90
    for text in ("Greg Muzzy, a former construction worker, got his lungs on Friday.",
                 "Muzzy's sister said the family was never certain.",
                 "That's the message that Muzzy's family would like to share.",
                 "Our investments in Van Dyke Transmission make it our most advanced."):
        assert [k for _, k, _ in _hits(text) if k == "slur"] == [], text
    # the same words used as slurs stay slurs: shouted, plural, after an article or "you"
    assert ("MUZZY", "slur", "muslim") in _hits("MUZZY go home")
    assert ("muzzies", "slur", "muslim") in _hits("the muzzies are coming")
    assert ("Muzzy", "slur", "muslim") in _hits("a Muzzy sat next to me")
    assert ("Coon", "slur", "black") in _hits("shut up you Coon")
    assert ("dyke", "slur", "lgbtq") in _hits("she is a dyke")
    assert ("Dyke", "slur", "lgbtq") in _hits("Dyke bitches kill me")  # capitalised, but no name
    assert ("Dyke", "slur", "lgbtq") in _hits("fat liberal Dyke feminist")


def test_a_page_that_introduces_a_name_keeps_reading_it_as_that_name():
    lexicon = load_lexicon()
    later = "A spokeswoman for the hospital, where Muzzy was treated, said the same."
    assert [h.kind for h in lexicon.hits(later)] == ["slur"]  # alone, nothing says it is a name
    page = lexicon.with_names_from(["Greg Muzzy, a former construction worker, got new lungs.", later])
    assert page.hits(later) == []
    assert [h.kind for h in page.hits("a Muzzy sat next to me")] == ["slur"]
    assert lexicon.with_names_from(["No names here."]) is lexicon


def test_idioms_holding_a_slurs_letters_are_no_hit():
    for text in ("The kitchen looked rather spic and span.", "I haven't seen him in a coon's age.",
                 "We started to see chinks in the armour.", "He bought a packet of fags.",
                 "A back-of-a-fag-packet compromise.", "I feel a bit muzzy today."):
        assert _hits(text) == [], text
    assert ("spics", "slur", "national_ethnic:latino") in _hits("the dirty spics")


def test_words_that_mean_something_else_in_reader_comments_are_no_hit():
    """Lexicon v5, from labelled real comment threads: cigarettes, a hug in brackets,
    complaining, and the animal are no slur and no insult; called at someone they still are."""
    for text in ("If you can afford a fiver a day (often a tenner) for fags, buy the better chicken.",
                 "Cut the fags, drink less booze and buy organic meat.", "(((((hugs)))))",
                 "If some westerners want to bitch about it, that is their problem.",
                 "I keep a bucket of pig manure behind the house.", "We squealed like pigs and ran."):
        assert [h for h in _hits(text) if h[1] != "identity"] == [], text
    for text in ("I'm a bastard - if it tastes good I'll eat it.", "I am actually too stupid to make it.",
                 "The response was to call him an idiot.", "They test it until it is idiot proof."):
        assert [h for h in _hits(text) if h[1] != "identity"] == [], text  # self-directed, reported, an idiom
    assert ("stupid", "insult", None) in _hits("I'm sick of stupid people.")
    assert ("idiot", "insult", None) in _hits("You are an idiot.")
    assert ("fags", "slur", "lgbtq") in _hits("No rights for fags!")
    assert ("(((bankers)))", "coded", "jewish") in _hits("Those (((bankers))) run everything.")
    assert ("fat pig", "insult", None) in _hits("Shut it, you fat pig.")
    assert ("bitch", "insult", None) in _hits("you stupid bitch")


def test_invaders_alone_names_no_group():
    from claimscope.classify.toxicity import paired_hits

    lexicon = load_lexicon()
    game = "He played Space Invaders and Ultima all night."
    assert [h.group for h in paired_hits(game, lexicon.hits(game)) if h.kind in ("slur", "trope")] == []
    hostile = "The migrants are invaders and should leave."
    assert any(h.group == "migrants" and h.kind in ("slur", "trope") for h in paired_hits(hostile, lexicon.hits(hostile)))


def test_a_thing_called_stupid_or_an_insult_reported_is_no_insult():
    """Lexicon v6, from labelled real comment threads: a remark or a thing called stupid,
    "winners and losers", an insult reported as said to someone else and "bitch up a storm"
    insult nobody in the thread; a reader called stupid still is."""
    for text in ("Excuse my Ps and Qs but this is just stupid.", "He'd never do something so stupid.",
                 "The difference between the winners and losers is timing.",
                 "I've seen someone rage quit, declare his boss a moron, and leave.",
                 "While you're telling your boss that he's being stupid, others praise him.",
                 "My neighbours would bitch up a storm if I ran a generator."):
        assert [h for h in _hits(text) if h[1] != "identity"] == [], text
    for text in ("You're not really this stupid, are you?", "That was stupid of you.", "You are a loser."):
        assert any(h[1] == "insult" for h in _hits(text)), text
