-- sqlfluff:exclude_rules:LT02
-- (a Jinja-only macro that writes a type name; the linter reads its text as SQL indentation)
{#-
    A JSON schema written as DuckDB's from_json takes it (objects of field: type, one-element lists for
    arrays, DuckDB type names) as the DDL type Spark's from_json takes, e.g.
    [{"id": "BIGINT"}] -> array<struct<`id`: bigint>>, so both engines parse a document with one schema.
-#}
{% macro spark_json_schema(schema) -%}
    {%- if schema is mapping -%}
        struct<
        {%- for name, field in schema.items() -%}
            `{{ name }}`: {{ spark_json_schema(field) }}{% if not loop.last %}, {% endif %}
        {%- endfor -%}
        >
    {%- elif schema is string -%}
        {{ {'BIGINT': 'bigint', 'VARCHAR': 'string', 'DOUBLE': 'double', 'BOOLEAN': 'boolean'}[schema] }}
    {%- else -%}
        array<{{ spark_json_schema(schema[0]) }}>
    {%- endif -%}
{%- endmacro %}
