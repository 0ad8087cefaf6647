"""The Hugo twin of a generated site: its configuration, layouts and CSS
(benches/gen.py writes them beside the kheo site)."""

HUGO_CONFIG = """\
# Benchmark site written by benches/gen.py (n={n}, seed={seed}).
baseURL: https://dvk.example.org/
defaultContentLanguage: vi
title: Dân vận khéo
buildFuture: true
enableRobotsTXT: true
disableHugoGeneratorInject: true
capitalizeListTitles: false
pagination:
  pagerSize: 50
  path: trang
  disableAliases: true
taxonomies:
  province: tinh
  district: huyen
  commune: xa
  field: linh-vuc
  year: nam
  awardmodel: awardmodels
permalinks:
  page:
    mo-hinh: /mo-hinh/:slug/
    khen-thuong: /khen-thuong/:slug/
outputs:
  home: [html, rss]
  section: [html]
  taxonomy: [html]
  term: [html]
  page: [html]
services:
  rss:
    limit: 30
params:
  related: "on"   # HUGO_PARAMS_RELATED=off leaves out related models (see benches/runs/HISTORY.md)
related:
  includeNewer: true
  threshold: 1
  toLower: false
  indices:
    - {{name: xa, weight: 100}}
    - {{name: huyen, weight: 60}}
    - {{name: tinh, weight: 30}}
cascade:
  - target:
      path: "{{/awardmodels,/awardmodels/**}}"
    build:
      render: never
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ site.Title }}</title>
<link rel="stylesheet" href="{{ "css/site.css" | relURL }}">
</head>
<body>
<header><a href="{{ "" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "mo-hinh/" | relURL }}">Mô hình</a> <a href="{{ "tinh/" | relURL }}">Địa bàn</a>
<a href="{{ "linh-vuc/" | relURL }}">Lĩnh vực</a> <a href="{{ "nam/" | relURL }}">Năm</a>
<a href="{{ "khen-thuong/" | relURL }}">Khen thưởng</a> <a href="{{ "gioi-thieu/" | relURL }}">Giới thiệu</a></nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
""",
    "_partials/card.html": """\
<li class="card"><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p class="meta">{{ .Params.locality }}{{ with .Params.fieldname }} · {{ . }}{{ end }}{{ with .Params.year }} · {{ . }}{{ end }}{{ with .Params.yearlabel }} · {{ . }}{{ end }}</p>
<p>{{ .Summary | plainify | truncate 240 }}</p></li>
""",
    "_partials/pager.html": """\
{{ $p := .Paginator }}{{ if gt $p.TotalPages 1 }}<nav class="pagination">
{{ with $p.Prev }}<a rel="prev" href="{{ .URL }}">←</a>{{ end }}
<span>Trang {{ $p.PageNumber }} / {{ $p.TotalPages }}</span>
{{ with $p.Next }}<a rel="next" href="{{ .URL }}">→</a>{{ end }}</nav>{{ end }}
""",
    "home.html": """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ $models := where site.RegularPages "Section" "mo-hinh" }}
{{ $awards := where site.RegularPages "Section" "khen-thuong" }}
<ul class="stats"><li>{{ len $models }} mô hình</li><li>{{ len $awards }} khen thưởng</li>
<li>{{ len site.Taxonomies.tinh }} tỉnh, thành phố</li></ul>
<h2>Theo lĩnh vực</h2><ul>{{ range (index site.Taxonomies "linh-vuc").Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>
<h2>Theo năm</h2><ul>{{ range site.Taxonomies.nam.Alphabetical.Reverse }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>
{{ with where $models "Params.featured" true }}<h2>Mô hình tiêu biểu</h2><ul>{{ range first 8 . }}{{ partial "card.html" . }}{{ end }}</ul>{{ end }}
<h2>Mô hình mới</h2><ul>{{ range first 8 $models.ByDate.Reverse }}{{ partial "card.html" . }}{{ end }}</ul>
<h2>Khen thưởng mới</h2><ul>{{ range first 8 $awards.ByDate.Reverse }}{{ partial "card.html" . }}{{ end }}</ul>
<h2>Theo tỉnh, thành phố</h2><ul>{{ range site.Taxonomies.tinh.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>
{{ end }}
""",
    "mo-hinh/page.html": """\
{{ define "main" }}
<nav class="breadcrumb"><a href="{{ "tinh/" | relURL }}">Địa bàn</a>
{{ range .GetTerms "tinh" }} › <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ range .GetTerms "huyen" }} › <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ range .GetTerms "xa" }} › <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</nav>
<article>
<h1>{{ .Title }}</h1>
<dl class="facts">
<dt>Địa bàn</dt><dd>{{ .Params.locality }}</dd>
<dt>Lĩnh vực</dt><dd>{{ range .GetTerms "linh-vuc" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd>
<dt>Năm</dt><dd>{{ range .GetTerms "nam" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }} ({{ .Date.Format "2006-01-02" }})</dd>
<dt>Tình trạng</dt><dd>{{ .Params.status }}</dd>
</dl>
<p class="lead">{{ .Summary | plainify }}</p>
{{ with .Params.results }}<h2>Kết quả</h2><dl class="results">{{ range . }}<dt>{{ .label }}</dt><dd>{{ .value }}</dd>{{ end }}</dl>{{ end }}
<h2>Câu chuyện</h2>
<div class="prose">{{ .Content }}</div>
{{ with .Params.people }}<h2>Điển hình</h2><ul>{{ range . }}<li>{{ .name }} – {{ .role }} ({{ .kind }})</li>{{ end }}</ul>{{ end }}
{{ with .Params.organizations }}<h2>Tổ chức thực hiện</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ with index site.Taxonomies.awardmodels .Params.slug }}<h2>Khen thưởng</h2><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> – {{ .Params.yearlabel }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.keywords }}<h2>Từ khóa</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.sources }}<h2>Nguồn</h2><ul>{{ range . }}<li><a href="{{ .url }}">{{ .title }}</a>, {{ .publisher }}, {{ .date }}</li>{{ end }}</ul>{{ end }}
</article>
{{ if ne (string site.Params.related) "off" }}{{ with site.RegularPages.Related . | first 4 }}<aside><h2>Mô hình liên quan</h2><ul>{{ range . }}{{ partial "card.html" . }}{{ end }}</ul></aside>{{ end }}{{ end }}
{{ end }}
""",
    "khen-thuong/page.html": """\
{{ define "main" }}
<nav class="breadcrumb"><a href="{{ "khen-thuong/" | relURL }}">Khen thưởng</a></nav>
<article>
<h1>{{ .Title }}</h1>
<dl class="facts">
<dt>Hình thức</dt><dd>{{ .Params.kind }}</dd><dt>Cấp</dt><dd>{{ .Params.level }}</dd>
<dt>Cơ quan</dt><dd>{{ .Params.issuer }}</dd>
<dt>Năm</dt><dd>{{ range .GetTerms "nam" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }} ({{ .Params.yearlabel }})</dd>
{{ with .Params.locality }}<dt>Địa bàn</dt><dd>{{ . }}</dd>{{ end }}
</dl>
<div class="prose">{{ .Content }}</div>
{{ with .Params.totals }}<h2>Số lượng</h2><dl>{{ range $k, $v := . }}<dt>{{ $k }}</dt><dd>{{ $v }}</dd>{{ end }}</dl>{{ end }}
{{ with .Params.recipients }}<h2>Được khen thưởng</h2><table><tbody>
{{ range . }}<tr><th>{{ .name }}</th><td>{{ .kind }}</td><td>{{ .unit }}</td><td>{{ with .model }}{{ with site.GetPage (printf "/mo-hinh/%s" .) }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}</td></tr>{{ end }}
</tbody></table>{{ end }}
<h2>Mô hình được ghi nhận</h2><ul>{{ range .Params.models }}{{ with site.GetPage (printf "/mo-hinh/%s" .) }}{{ partial "card.html" . }}{{ end }}{{ end }}</ul>
</article>
{{ end }}
""",
    "khen-thuong/section.html": """\
{{ define "main" }}
<h1>Khen thưởng</h1>
{{ range .Pages.GroupByDate "2006" }}<h2>{{ .Key }}</h2><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> – {{ .Params.level }}</li>{{ end }}</ul>{{ end }}
{{ end }}
""",
    "section.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ partial "pager.html" . }}
<ul>{{ range .Paginator.Pages }}{{ partial "card.html" . }}{{ end }}</ul>
{{ partial "pager.html" . }}
{{ end }}
""",
    "page.html": """\
{{ define "main" }}
<article><h1>{{ .Title }}</h1><div class="prose">{{ .Content }}</div></article>
{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>
{{ end }}
""",
    "term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $p := .Paginator }}
<p>{{ len .Pages }} mục</p>
{{ if and (eq $p.PageNumber 1) (in (slice "tinh" "huyen" "xa") .Data.Plural) }}
<h2>Theo lĩnh vực</h2><ul>{{ range .Pages.GroupByParam "fieldname" }}<li>{{ .Key }} {{ len .Pages }}</li>{{ end }}</ul>
<h2>Theo năm</h2><ul>{{ range .Pages.GroupByParam "year" "desc" }}<li>{{ .Key }} {{ len .Pages }}</li>{{ end }}</ul>
{{ end }}
{{ partial "pager.html" . }}
<ul>{{ range $p.Pages }}{{ partial "card.html" . }}{{ end }}</ul>
{{ partial "pager.html" . }}
{{ end }}
""",
    "404.html": """\
{{ define "main" }}<h1>Không tìm thấy trang</h1><p><a href="{{ "" | relURL }}">Về trang chủ</a></p>{{ end }}
""",
}

HUGO_CSS = """\
body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:0 1rem;line-height:1.5}
nav a{margin-right:.75rem}.meta{color:#555;font-size:.9em}.card{margin:.5rem 0}
"""


# --------------------------------------------------------------------------
