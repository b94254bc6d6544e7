{#-
    Pre-hook of the models that sort or hash every pitch: PostgreSQL's default work_mem (4MB) sends their
    window sorts and hash joins to disk. `set local` lasts for the model's transaction only.
-#}
{% macro sort_memory(size='256MB') %}
    {{ return(adapter.dispatch('sort_memory')(size)) }}
{% endmacro %}


{# duckdb and others: the engine sizes its own memory; nothing to run. #}
{% macro default__sort_memory(size) %}
    {{ return('') }}
{% endmacro %}


{# postgres: a larger work_mem for this transaction keeps the sorts in memory. #}
{% macro postgres__sort_memory(size) %}
    {{ return("set local work_mem = '" ~ size ~ "'") }}
{% endmacro %}
