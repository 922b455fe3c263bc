"""Options for a select of many people, built in one pass: each value and label escaped, the chosen one selected."""

from frontend.templatetags.govuk import select_options


def test_options_mark_the_chosen_value_compared_as_text_and_escape_labels():
    html = select_options([(7, "Ann <Smith>"), (12, "Bo & Co")], "12")

    assert html == '<option value="7">Ann &lt;Smith&gt;</option><option value="12" selected>Bo &amp; Co</option>'


def test_nothing_chosen_selects_nothing():
    assert "selected" not in select_options([(1, "A"), (2, "B")], "")
