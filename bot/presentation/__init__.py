"""What people see, shared by every surface (the cog, the replay, the dashboard).

``i18n`` (the pt-BR and en catalogues), ``audit_text`` (a change worded for people), ``report``
(the ``/toxstats`` text and the chart's subtitle), ``embeds`` (alerts and the review page),
``charts`` (the hits-per-day PNG).
"""
