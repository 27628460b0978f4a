"""The French engine as a whole: context words, overlaps, entity set."""

import pytest

from scanner.detect.spans import resolve_overlaps
from scanner.engine import build_recognizers

# Synthetic numbers: RPPS with a computed Luhn key, FINESS/ADELI shaped.
CONTEXT_CASES = [
    ("N° RPPS 10053583174", "FR_RPPS", "10053583174"),
    ("RPPS du remplaçant : 10454971846.", "FR_RPPS", "10454971846"),
    ("Centre de santé - FINESS 139499255", "FR_FINESS", "139499255"),
    ("cabinet infirmier, ADELI 076076447, établissement FINESS 954184040.", "FR_FINESS", "954184040"),
    ("cabinet infirmier, ADELI 076076447, établissement FINESS 954184040.", "FR_ADELI", "076076447"),
    ("N° de sécurité sociale : 1 85 05 78 006 084 00", "FR_NIR", "1 85 05 78 006 084 00"),
]


@pytest.mark.parametrize(("text", "entity_type", "expected"), CONTEXT_CASES)
def test_engine_uses_context_as_written_and_lemmatised(analyzer, text, entity_type, expected):
    found = [text[r.start : r.end] for r in resolve_overlaps(analyzer.analyze(text=text, language="fr"))
             if r.entity_type == entity_type]
    assert found == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Commande 10053583174 livrée au cabinet.",  # 11 digits, Luhn-valid, no context
        "Prendre 1 85 05 78 006 084 00 ml",  # NIR shape, wrong key, no context
        "Référence 139499255 du colis",
    ],
)
def test_engine_ignores_low_score_numbers_without_context(analyzer, text):
    results = analyzer.analyze(text=text, language="fr")
    assert not [r for r in results if r.entity_type.startswith("FR_")]


def test_engine_recognizers_cover_the_contract_entities():
    entities = {e for r in build_recognizers() for e in r.supported_entities}
    assert entities >= {
        "FR_NIR", "FR_RPPS", "FR_FINESS", "FR_ADELI", "PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS",
        "IBAN_CODE", "DATE_TIME", "ADDRESS", "DIAGNOSIS", "MEDICATION",
    }


def _scores(results):
    return sorted((r.entity_type, r.start, r.end, round(r.score, 6)) for r in results)


def _presidio_analyze(recognizer, text, artifacts):
    """Results with Presidio's explanations (vigie's pattern loop leaves them out)."""
    from presidio_analyzer import PatternRecognizer

    if not isinstance(recognizer, PatternRecognizer):
        return recognizer.analyze(text, recognizer.supported_entities, artifacts)
    results = PatternRecognizer.analyze(recognizer, text, recognizer.supported_entities, artifacts)
    rescore = getattr(recognizer, "rescore", None)
    return rescore(text, results) if rescore else results


def test_context_enhancer_in_place_gives_presidios_scores(analyzer):
    """vigie's enhancer skips Presidio's deep copy: on every fixture note (and notes made
    of context words), the scores are those of Presidio's own method."""
    import copy
    import json
    from pathlib import Path

    from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

    notes = [json.loads(line)["text"] for line in (Path(__file__).parent.parent / "fixtures" / "notes.jsonl").open()]
    notes += ["NIR 1 85 05 78 006 084 36, tél 07 00 30 38 38", "né le 3.4.65, assuré sécu 2 95 10 99 126 111 00"]
    enhancer = analyzer.context_aware_enhancer
    recognizers = analyzer.registry.get_recognizers("fr", all_fields=True)
    boosted = 0
    for text in notes:
        artifacts = analyzer.nlp_engine.process_text(text, "fr")
        raw = [r for recognizer in recognizers for r in _presidio_analyze(recognizer, text, artifacts)]
        presidio = LemmaContextAwareEnhancer.enhance_using_context(enhancer, text, copy.deepcopy(raw), artifacts, recognizers)
        ours = enhancer.enhance_using_context(text, copy.deepcopy(raw), artifacts, recognizers)
        assert _scores(ours) == _scores(presidio), text
        boosted += _scores(ours) != _scores(raw)
    assert boosted >= 3


def test_context_words_remembered_by_token_string_are_each_tokens_own(analyzer):
    """``FrenchContextEnhancer._words`` works a token string out once: the words and
    context-word flags are those of each token, on every fixture note, twice (cache warm)."""
    import json
    from pathlib import Path

    enhancer = analyzer.context_aware_enhancer
    kept = enhancer.KEPT_STOP_WORDS
    notes = [json.loads(line)["text"] for line in (Path(__file__).parent.parent / "fixtures" / "notes.jsonl").open()]
    notes += ["Tel. : 06 12 34 56 78, tel quel.", "", "Dr. DUPONT ; NIR..."]
    for text in notes * 2:
        artifacts = analyzer.nlp_engine.process_text(text, "fr")
        words = [token.text.lower().rstrip(".") for token in artifacts.tokens]
        flags = [not (token.is_punct or token.is_space or (token.is_stop and word not in kept))
                 for token, word in zip(artifacts.tokens, words)]
        assert enhancer._words(artifacts) == (words, flags), text


def test_one_pass_context_step_gives_presidios_results_in_its_order(analyzer):
    """``FrenchAnalyzerEngine`` groups results by recognizer once: on every fixture note, the
    same results (type, span, score, recognizer), in the same order, as Presidio's own step."""
    import copy
    import json
    from pathlib import Path

    from presidio_analyzer import AnalyzerEngine

    from scanner.compat.analyzer_engine import FrenchAnalyzerEngine, one_pass_context_step

    assert isinstance(analyzer, FrenchAnalyzerEngine) and one_pass_context_step()
    notes = [json.loads(line)["text"] for line in (Path(__file__).parent.parent / "fixtures" / "notes.jsonl").open()]
    recognizers = analyzer.registry.get_recognizers("fr", all_fields=True)
    entities = analyzer.get_supported_entities("fr")
    compared = 0
    for text in notes:
        artifacts = analyzer.nlp_engine.process_text(text, "fr")
        raw = []
        for recognizer in recognizers:
            for result in recognizer.analyze(text, entities, artifacts):
                result.recognition_metadata.setdefault(result.RECOGNIZER_IDENTIFIER_KEY, recognizer.id)
                raw.append(result)
        presidio = AnalyzerEngine._enhance_using_context(analyzer, text, copy.deepcopy(raw), artifacts, recognizers)
        ours = analyzer._enhance_using_context(text, copy.deepcopy(raw), artifacts, recognizers)
        as_rows = lambda results: [(r.entity_type, r.start, r.end, r.score, r.recognition_metadata[r.RECOGNIZER_NAME_KEY])
                                   for r in results]  # noqa: E731
        assert as_rows(ours) == as_rows(presidio), text
        compared += len(raw)
    assert compared > 1000


def test_pipeline_without_tok2vec_finds_the_same_entities_and_tokens(analyzer):
    """The shared tok2vec only feeds the morphologizer and parser, which vigie does not
    load (the NER embeds tokens itself): dropping it too changes no token and no entity."""
    import json
    from pathlib import Path

    import spacy

    from scanner.engine import MODEL_NAME

    with_tok2vec = spacy.load(MODEL_NAME, exclude=["parser", "morphologizer", "attribute_ruler", "lemmatizer"])
    kept = analyzer.nlp_engine.nlp["fr"]
    assert with_tok2vec.pipe_names == ["tok2vec", "ner"] and kept.pipe_names == ["ner"]
    assert spacy.load(MODEL_NAME).get_pipe("tok2vec").listening_components == ["morphologizer", "parser"]
    notes = [json.loads(line)["text"] for line in (Path(__file__).parent.parent / "fixtures" / "notes.jsonl").open()]
    notes.append("Mme Camille Roux, vue avec le Dr Jean-Pierre Martin à Saint-Étienne.")
    for whole, ours in zip(with_tok2vec.pipe(notes), kept.pipe(notes), strict=True):
        assert [(t.text, t.is_stop, t.is_punct) for t in ours] == [(t.text, t.is_stop, t.is_punct) for t in whole]
        assert [(e.start_char, e.end_char, e.label_) for e in ours.ents] == [
            (e.start_char, e.end_char, e.label_) for e in whole.ents
        ], whole.text
