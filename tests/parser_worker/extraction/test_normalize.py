from parser_worker.extraction.normalize import clean_chars, normalize_page, squash


class TestCleanChars:
    def test_removes_direction_marks_and_zero_width_characters(self) -> None:
        raw = "\u202aIn\u202c \u200bour\u200e opinion\u2069"
        assert clean_chars(raw) == "In our opinion"

    def test_unfolds_ligatures_and_nbsp(self) -> None:
        assert clean_chars("suf\ufb01cient\u00a0evidence e\ufb00ective") == (
            "sufficient evidence effective"
        )

    def test_unifies_dashes_and_curly_quotes(self) -> None:
        assert clean_chars("Acme\u2019s period 2024 \u2013 2025") == "Acme's period 2024 - 2025"


class TestNormalizePage:
    def test_joins_hyphenated_line_breaks(self) -> None:
        lines = normalize_page("controls operated effec-\ntively throughout")
        assert lines == ["controls operated effectively throughout"]

    def test_reattaches_a_drop_cap_printed_on_its_own_line(self) -> None:
        lines = normalize_page("I\nn our opinion, in all material respects")
        assert lines[0].startswith("In our opinion")

    def test_keeps_a_real_one_letter_word_at_line_start(self) -> None:
        lines = normalize_page("A\nservice organization may use subservice organizations")
        assert lines[0] == "A"

    def test_collapses_whitespace_and_drops_blank_lines(self) -> None:
        assert normalize_page("  Opinion \n\n\t In   our  opinion ") == [
            "Opinion",
            "In our opinion",
        ]


def test_squash_makes_glued_and_split_words_comparable() -> None:
    assert squash("No Exce ptions\nNoted") == squash("NoExceptionsNoted") == "noexceptionsnoted"
