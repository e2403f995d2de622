from samenspel.plans.charts import Series, line_chart


def _chart(**kwargs):
    defaults = {
        "title": "Doelen <trend>",
        "x_labels": ["Start", "Evaluatie 1", "Evaluatie 2"],
        "series": [Series("Naar school", [-1, 0, 1]), Series("Schulden", [-2, None, 0])],
        "y_min": -2,
        "y_max": 2,
        "y_ticks": [-2, -1, 0, 1, 2],
    }
    return line_chart(**{**defaults, **kwargs})


def test_chart_is_an_image_with_an_escaped_title():
    svg = _chart()
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "Doelen &lt;trend&gt;" in svg
    assert "<trend>" not in svg


def test_each_series_has_a_line_and_a_point_per_measurement():
    svg = _chart()
    assert svg.count("<polyline") == 2
    assert "Naar school: 1" in svg
    # A missing measurement leaves a gap, not a zero.
    assert "Schulden: 0" in svg
    assert svg.count("Schulden:") == 2


def test_higher_values_are_drawn_higher():
    svg = _chart(series=[Series("A", [0, 2, None])], x_labels=["1", "2", "3"])
    points = svg.split('points="')[1].split('"')[0].split()
    (_, y_first), (_, y_second) = (map(float, p.split(",")) for p in points)
    assert y_second < y_first
