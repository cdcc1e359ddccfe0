"""Everything that is not a widget, grouped by concern: ``local`` (llama.cpp), ``remote``
(servers), ``models`` (model files), ``manuscript`` (the writer's files), ``prompt`` (what the
model reads), ``drafting`` (what every engine shares), ``text`` and ``storage``; ``settings``
gathers the app's settings from them.  Never imports Qt."""
