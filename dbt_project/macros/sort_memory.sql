{#-
    Pre-hook of the models that sort or hash every pitch: PostgreSQL's default work_mem (4MB) sends their
    window sorts and hash joins to disk. `set local` lasts for the model's transaction only. DuckDB sizes its
    own memory: nothing to run there.
-#}
{% macro sort_memory(size='256MB') %}
    {%- if target.type == 'postgres' -%}
        set local work_mem = '{{ size }}'
    {%- endif -%}
{% endmacro %}
