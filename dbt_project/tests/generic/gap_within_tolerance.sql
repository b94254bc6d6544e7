{#- Fails on every row whose gap column (loaded minus official) exceeds `tolerance` in absolute value. -#}
{% test gap_within_tolerance(model, column_name, tolerance) %}

select * from {{ model }}
where abs({{ column_name }}) > {{ tolerance }}

{% endtest %}
