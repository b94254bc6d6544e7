{#-
    Pre-hook of the marts and metric tables: PostgreSQL JIT-compiles every query whose estimated cost passes
    jit_above_cost (100,000, i.e. any plan that scans a pitch mart), which costs 0.3-0.9 s per model for
    queries that then run in tenths of a second, most of an incremental build. `set local` lasts for the
    model's transaction only. DuckDB has no JIT: nothing to run there.
-#}
{% macro no_jit() %}
    {%- if target.type == 'postgres' -%}
        set local jit = off
    {%- endif -%}
{% endmacro %}
