{#-
    Pre-hook of the marts and metric tables: PostgreSQL JIT-compiles every query whose estimated cost passes
    jit_above_cost (100,000, i.e. any plan that scans the pitch model), and the compiling costs more than
    these queries then take to run (measured: docs/benchmarks.md). `set local` lasts for the
    model's transaction only.
-#}
{% macro no_jit() %}
    {{ return(adapter.dispatch('no_jit')()) }}
{% endmacro %}


{# duckdb and others: no JIT; nothing to run. #}
{% macro default__no_jit() %}
    {{ return('') }}
{% endmacro %}


{# postgres: JIT off for this transaction. #}
{% macro postgres__no_jit() %}
    {{ return('set local jit = off') }}
{% endmacro %}
