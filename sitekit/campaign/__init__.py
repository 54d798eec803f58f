"""The campaign kit: posters, leaflets, wallet cards and social images in every site language.

Modules, each about one job: ``content`` (data/campaign.yml, validated), ``palette`` (colours and
their WCAG contrast), ``qr`` (QR codes), ``layout`` (Jinja templates to HTML and SVG),
``render`` (PDF with WeasyPrint, PNG with CairoSVG), ``cache`` (files keyed by content hash) and
``kit`` (what items there are and how one language's kit is made).
"""
