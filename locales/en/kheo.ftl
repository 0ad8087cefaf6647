# kheo's messages in English. Every id here has a twin in ../vi/kheo.ftl
# (a test checks it). A message's `.help` is the line that says how to fix
# it. Ids are stable: code and tests match on them, never on the text.

## Labels and counts

label-error = error
label-warning = warning
label-help = help
diag-summary = { $errors ->
        [0] { $warnings ->
                [one] 1 warning
               *[other] { $warnings } warnings
            }
        [one] 1 error{ $warnings ->
                [0] {""}
                [one] {" "}and 1 warning
               *[other] {" "}and { $warnings } warnings
            }
       *[other] { $errors } errors{ $warnings ->
                [0] {""}
                [one] {" "}and 1 warning
               *[other] {" "}and { $warnings } warnings
            }
    }{ $files ->
        [0] {""}
        [one] {" "}in 1 file
       *[other] {" "}in { $files } files
    }

## Reading a file and its front matter

file-not-utf8 = the file is not saved as UTF-8 text
    .help = save the file with the UTF-8 encoding (most editors: "Save as" → Encoding → UTF-8)
file-empty = the file is empty
    .help = start the file with a line `---`, then the keys (title: …, locality: …), then another `---` line, then the text
front-matter-missing = the file does not start with front matter
    .help = start the file with a line `---`, then the keys (title: …, locality: …), then another `---` line, then the text
front-matter-not-closed = the front matter is not closed
    .help = add a line with only `---` after the last key, before the text
front-matter-not-map = the front matter is not a list of keys
    .help = write one key a line, like `title: Đường hoa Lê Lợi`
front-matter-bad = the front matter's values do not fit together
    .help = check this entry's front matter and the _defaults.yaml files of its folders
yaml-tab = a tab is used to indent this line
    .help = YAML allows only spaces here: replace the tab with two spaces
yaml-colon-in-value = the value of `{ $key }` contains `: ` and is not in quotes
    .help = put the value in double quotes: { $key }: "{ $value }"
yaml-syntax = this line cannot be read as a key and its value
    .help = write `key: value`, one key a line; put a value containing `: `, `#` or a leading `[`, `{"{"}`, `*`, `&` in double quotes, and close every bracket you open
yaml-unclosed = this bracket is not closed
    .help = close it on the same line, e.g. tags: [hoa, đường phố]; or write the value without brackets, e.g. year: 2021
yaml-too-deep = the front matter is nested more than { $depth } levels deep
    .help = entries need at most a list of maps: check the brackets on this line
yaml-anchor = YAML anchors (&name) and aliases (*name) are not allowed in front matter
    .help = write the value out in full where it is needed
key-duplicate = the key `{ $value }` is written twice
    .help = keep only one `{ $value }:` line
key-unknown = unknown key `{ $value }`
    .help = { $suggestion ->
        [none] the keys are: { $known }
       *[other] did you mean `{ $suggestion }`?
    }
key-unknown-nested = unknown key `{ $value }` in `{ $parent }`
    .help = { $suggestion ->
        [none] each item of `{ $parent }` takes: { $known }
       *[other] did you mean `{ $suggestion }`?
    }
value-bad = the value of `{ $key }` is not written the right way
    .help = { $key ->
        [year] a year is four digits, e.g. year: 2023
        [date] write the date as year, year-month or year-month-day, e.g. date: 2023-04-15
        [weight] write a whole number, e.g. weight: 10
        [locality] write the locality top-down, e.g. locality: "Hà Nội / Hoàn Kiếm"
        [featured] write true or false, e.g. featured: true
        [draft] write true or false, e.g. draft: true
        [period] write the first and last year, e.g. period: "2009-2019"
        [organizations] write a list, one item a line starting with "- ", e.g. organizations: [Hội Phụ nữ, Đoàn Thanh niên]
        [tags] write a list, one item a line starting with "- ", e.g. tags: [hoa, đường phố]
        [models] write a list of model slugs, e.g. models: [duong-hoa-le-loi]
        [aliases] write a list of old addresses, e.g. aliases: [/mo-hinh/ten-cu/]
        [people] write one person a line starting with "- ", e.g. "- name: Nguyễn Thị Lan" and below it "  role: Chi hội trưởng"
        [results] write one figure a line starting with "- ", e.g. "- label: Chậu hoa giấy" and below it "  value: 310"
        [sources] write one source a line starting with "- ", e.g. "- title: Báo Nhân Dân" and below it "  url: https://nhandan.vn/…"
        [images] write one image a line starting with "- ", e.g. "- src: anh.jpg" and below it "  alt: what the photo shows"
        [recipients] write one recipient a line starting with "- ", e.g. "- name: Hội Phụ nữ phường 1" and below it "  kind: tap-the"
        [totals] write a count for each kind, e.g. totals: {"{"}tap-the: 93, ca-nhan: 96{"}"}
       *[other] write text on the same line, e.g. { $key }: Đường hoa Lê Lợi
    }

## Values of keys

value-empty = `{ $key }` is empty
    .help = write a value after `{ $key }:`
missing-key = missing key `{ $key }`
    .help = add a line `{ $key }: …` to the front matter
missing-year = missing key `year`
    .help = add the year the model started or was recognized, e.g. year: 2023 (or a date: 2023-04)
missing-year-or-period = missing key `year` or `period`
    .help = add year: 2019 or period: "2009-2019"
locality-empty-level = the locality has an empty level
    .help = write the locality top-down, separated by " / ", e.g. locality: "Thanh Hóa / Sầm Sơn / Trường Sơn"
locality-levels = the locality has { $levels } levels; 1 to 3 are allowed (province / district / commune)
    .help = write the locality top-down, separated by " / ", e.g. locality: "Thanh Hóa / Sầm Sơn / Trường Sơn"
year-out-of-range = the year { $value } is not a year of the movement
    .help = a year is four digits, e.g. year: 2019
year-date-mismatch = `year: { $year }` does not match `date: { $date }`
    .help = remove `year` (the date gives it) or correct one of them
year-and-period = both `year` and `period` are given
    .help = keep only one of them
period-bad = `{ $value }` is not a period of years
    .help = write the first and last year, e.g. period: "2009-2019"
date-bad = `{ $value }` is not a date
    .help = write the date as year, year-month or year-month-day, e.g. date: 2022-10-13
date-no-month = month { $month } does not exist in `{ $value }`
    .help = write the date as year, year-month or year-month-day, e.g. date: 2022-10-13
date-no-day = day { $day } does not exist in `{ $value }`
    .help = write the date as year, year-month or year-month-day, e.g. date: 2022-10-13
field-unknown = unknown field `{ $value }`
    .help = { $suggestion ->
        [none] use one of: { $choices }
       *[other] did you mean `{ $suggestion }`? The fields are: { $choices }
    }
choice-unknown = unknown { $what ->
        [status] status
        [award-kind] award kind
        [award-level] award level
       *[recipient-kind] recipient kind
    } `{ $value }`
    .help = { $suggestion ->
        [none] use one of: { $choices }
       *[other] did you mean `{ $suggestion }`? Use one of: { $choices }
    }
slug-too-long = the slug `{ $value }` has { $length } characters; at most { $max } are allowed
    .help = write a shorter slug, e.g. slug: { $example }
slug-bad = the slug `{ $value }` may only contain a-z, 0-9 and -
    .help = write e.g. slug: { $example }
slug-from-title-empty = no web address can be made from this title
    .help = add a `slug:` key (a-z, 0-9, -), e.g. slug: duong-hoa
alias-bad = `{ $value }` is not an address of the site
    .help = write the old address from the site's root, e.g. `- /mo-hinh/hu-gao-tinh-thuong/` (letters a-z, digits, - _ . and /; no `..`)
url-local-file = the { $what ->
        [image] image
        [source] source address
       *[address] address
    } `{ $value }` is a file on a computer, not an address on the web
    .help = write a web address starting with https:// (or http://, or mailto: for e-mail), or a path of the site such as /mo-hinh/<slug>/
url-refused-scheme = the { $what ->
        [image] image
        [source] source address
       *[address] address
    } `{ $value }` uses `{ $scheme }:`, which is never published
    .help = write a web address starting with https:// (or http://, or mailto: for e-mail), or a path of the site such as /mo-hinh/<slug>/
html-too-deep = raw HTML nested more than { $depth } elements deep
    .help = remove the extra nested tags (text pasted from Word often has them), or write the text as Markdown
image-no-alt = the image `{ $value }` has no `alt` text
    .help = add `alt: …` describing the picture for people who cannot see it, e.g. alt: Chị em phụ nữ trồng hoa
image-leaves-folder = the image path `{ $value }` leaves its folder
    .help = put the image beside the entry's index.md and write only its file name, e.g. src: anh-1.jpg
image-missing = the image file `{ $value }` is not beside the entry
    .help = copy the file into { $dir }
image-link-outside = the image `{ $value }` is a link to a file outside the entry's folder
    .help = copy the image itself into the folder instead of linking to it
image-not-bundle = the image `{ $value }` is a file name, but the entry is not in a folder of its own
    .help = move the entry to <slug>/index.md with the image beside it, or write a path starting with / for a file in static/

## Files and folders

io-read = cannot read this file: { $reason ->
        [not-found] it does not exist
        [permission] permission denied
       *[other] { $detail }
    }
    .help = check that the file exists and that you may open it, then run kheo again
io-write = cannot { $action ->
        [create-folder] create the folder
        [create-staging] create the staging folder
        [move-aside] move the previous output aside
        [put-in-place] put the new output in place
        [read] read
        [remove-previous] remove the previous output
        [update] update
        [write-manifest] write the output's record
       *[write] write
    } here: { $reason ->
        [not-found] a folder on the way does not exist
        [permission] permission denied
        [exists] something is already in the way
       *[other] { $detail }
    }
    .help = check that the folder exists, that you may write in it and that the disk is not full; close programs that keep the files open
symlink-outside = this symbolic link points outside the site
    .help = copy the file into content/ instead of linking to it
file-too-big = the file is { $size } MB; an entry may be at most { $max } MB
    .help = split the text, and put large images or documents in static/ and link to them
no-content-folder = there is no content/ folder here
    .help = run kheo in a site folder (one with content/models), or create one with `kheo init`
dir-missing = { $dir } is not a folder
    .help = give the site's folder, e.g. `kheo check my-site`
dir-not-site = { $dir } is not a site: it has no content/ folder
    .help = run kheo in a site folder (one with content/models), or create one with `kheo init { $dir }`
localities-bad = content/localities.yaml is not a list of localities
    .help = write a list, one locality a line: `- Hà Nội / Hoàn Kiếm / Tổ dân phố số 5`

## site.yaml

base-url-bad = base_url `{ $value }` is not a web address
    .help = write the address the site is published at, e.g. base_url: https://danvan.example.gov.vn/
base-url-flag-bad = --base-url `{ $value }` is not a web address
    .help = give the address the site is published at, e.g. --base-url https://danvan.example.gov.vn/
unknown-localities-bad = unknown_localities: `{ $value }` is not a choice
    .help = use `error` (the default) or `warn`
paginate-zero = `paginate` must be at least 1
    .help = write e.g. paginate: 50
language-unknown = unknown language `{ $value }`
    .help = use `vi` or `en`
field-key-bad = the field key `{ $value }` is not a web address segment
    .help = use only a-z, 0-9 and -, e.g. key: { $example }
field-twice = the field `{ $value }` is listed twice
    .help = keep only one of them
fields-empty = `fields` is empty
    .help = list at least one field, e.g. "- key: kinh-te" and below it "  name: Kinh tế"
images-widths-bad = `images.widths` must list widths from 16 to 4096 pixels
    .help = write e.g. images: {"{"}widths: [480, 960, 1600]{"}"}

## Links, images and privacy (kheo check, kheo build)

body-image-no-alt = the image `{ $value }` has no alternative text
    .help = describe the picture between the brackets, for people who cannot see it: ![Hàng chậu hoa giấy dọc vỉa hè](…)
link-leaves-site = the { $what ->
        [image] image
       *[link] link
    } `{ $value }` leaves the site
    .help = link to a page of the site with a path from its root, e.g. `/mo-hinh/ha-noi/ba-dinh/<slug>/`
link-dead = the link to `{ $value }` leads to no page of the site
    .help = { $hint ->
        [near] did you mean `{ $near }`?
        [model] a model's address is /mo-hinh/<its unit's path, as under /dia-ban/>/<slug>/, where the slug is its `slug:` or its title without accents, words joined by -
        [award] an award's address is /khen-thuong/<slug>/
        [locality] a locality's address is /dia-ban/<province>/<district>/…; see the list at /dia-ban/
       *[other] check the address: no page or file of the site has it
    }
image-dead = the image `{ $value }` is not in the site
    .help = { $hint ->
        [near] did you mean `{ $near }`?
        [image-bundle] list the file under `images:` in the front matter (the entry as a folder: <slug>/index.md with the image beside it) so it is published
       *[image-static] put the file at static/{ $target }, or correct the path
    }
image-site-missing = the image `{ $value }` is not in the site
    .help = put the file at static/{ $target }, or correct `src:`
nul-characters = { $count ->
        [one] an invisible NUL character is on this line
       *[other] { $count } invisible NUL characters are on this line
    }
    .help = they are shown as � on the page: delete them (retype the text around them if it was pasted)
privacy-phone = this looks like a phone number: `{ $value }`
    .help = phone numbers are never published: move it under `private:` in the front matter, or delete it
privacy-email = this looks like an e-mail address: `{ $value }`
    .help = personal e-mail addresses are never published: move it under `private:` in the front matter, or delete it
privacy-id-number = this looks like an ID card number (CMND/CCCD): `{ $value }`
    .help = ID numbers are never published: delete it (or keep it under `private:`)

## Photos: reading, checking and resizing (kheo build, kheo serve)

image-read-failed = cannot read image `{ $name }` ({ $detail }){ $static ->
        [yes] {"; "}it is not published
       *[other] {""}
    }
    .help = open the photo on the phone or computer, save or export it again as JPEG (or PNG), then replace the file
image-file-too-big = image `{ $name }` is over { $mb } MB{ $static ->
        [yes] {"; "}it is not published
       *[other] {""}
    }
    .help = save the photo at a smaller size (a phone's normal photo size is fine)
image-empty = image `{ $name }` is an empty file (0 bytes){ $static ->
        [yes] {"; "}it is not published
       *[other] {""}
    }
    .help = copy the photo again from the phone; the copy was interrupted
image-heic = image `{ $name }` is a HEIC photo, which browsers cannot show{ $static ->
        [yes] {"; "}it is not published
       *[other] {""}
    }
    .help = export it again as JPEG and replace the file (to have an iPhone take JPEGs: Settings → Camera → Formats → Most Compatible)
image-not-image = `{ $name }` is not a JPEG, PNG, WebP or GIF image{ $static ->
        [yes] {"; "}it is not published
       *[other] {""}
    }
    .help = open the photo on the phone or computer, save or export it again as JPEG (or PNG), then replace the file
image-wrong-extension = image `{ $name }` is really a { $format } file; its name says otherwise
    .help = rename the file to end in .{ $ext } (and the name in the entry)
image-truncated = image `{ $name }` is damaged or cut short (its end is missing){ $static ->
        [yes] {"; "}it is not published
       *[other] {""}
    }
    .help = copy the photo again from the phone; the copy was interrupted
image-damaged = image `{ $name }` is damaged or cut short ({ $detail }){ $static ->
        [yes] {"; "}it is not published
       *[other] {""}
    }
    .help = open the photo on the phone or computer, save or export it again as JPEG (or PNG), then replace the file
image-too-large = image `{ $name }` is too large to publish (over { $side } pixels a side or { $megapixels } megapixels){ $static ->
        [yes] {"; "}it is not published
       *[other] {""}
    }
    .help = save the photo at a smaller size (a phone's normal photo size is fine)
image-no-pixels = image `{ $name }` has no pixels ({ $width } × { $height }){ $static ->
        [yes] {"; "}it is not published
       *[other] {""}
    }
    .help = open the photo on the phone or computer, save or export it again as JPEG (or PNG), then replace the file
image-cmyk = image `{ $name }` is a CMYK (print) JPEG; its colours may change on screen
    .help = export it again in RGB (sRGB) colours
image-animated = image `{ $name }` is animated; only its first frame is published
    .help = use a still photo, or link to the animation as a file
image-deep-color = image `{ $name }` has 16 or 32 bits per colour; it is published with 8
    .help = export it as an 8-bit JPEG or PNG to see what will be published
image-encode-failed = image `{ $name }` could not be encoded ({ $detail }){ $static ->
        [yes] {"; "}it is not published
       *[other] {""}
    }
    .help = export it again as JPEG and replace the file
image-cache-unwritable = cannot write image `{ $name }` into the photo cache { $dir } ({ $detail }){ $static ->
        [yes] {"; "}it is not published
       *[other] {""}
    }
    .help = check that the site folder is writable and the disk is not full

## Theme and output

theme-missing = the theme `{ $value }` is not there
    .help = put the theme in { $dir }, or write theme: default
theme-empty = the theme has no templates
    .help = a theme needs templates/base.html, index.html, model.html…
ui-strings-bad = the UI strings are not a list of `key: text` lines
    .help = write one `key: text` per line; put a text that contains `: ` in double quotes
model-moved = this model moved from /{ $old } to /{ $new }
    .help = kheo redirects the old address for now; add `aliases: [/{ $old }]` to the front matter so the redirect stays after a fresh build
file-changed-during-build = the file changed while kheo was building
    .help = build again (kheo serve does so by itself)

## Addresses of pages

url-reserved = the address { $value } is kheo's own
    .help = give the model a `slug:` of its own
url-clash-models = two models of one unit have the address { $value }: this file and { $other }
    .help = if they are one model, keep one file; else give one of them another title or a `slug:` of its own
url-clash = two entries have the address { $value }: this file and { $other }
    .help = give one of them another title or a `slug:` of its own
page-url-reserved = the page address { $value } is kheo's own
    .help = rename the file or give the page another `slug:`
alias-is-page = the old address { $value } is a page of the site
    .help = remove it from `aliases:`: a redirect there would hide a page
alias-twice = the old address { $value } is also an alias of { $other }
    .help = remove it from `aliases:` in one of the two files
output-outside = kheo refused to write outside the output folder
    .help = this is a bug in kheo, not in your site: please report it with the file you were editing
output-thread-failed = a rendering thread failed; nothing was changed
    .help = build again; if it happens again, please report it
output-link = the output folder holds a link to another place here: kheo does not write through it
    .help = delete the link, or build into a new folder
output-is-site = the output folder is, or contains, the site itself
    .help = choose another output folder, e.g. `-o public`
output-inside-site = the output folder is inside the site's { $value }/ folder
    .help = choose an output folder outside content/, static/, templates/, themes/ and .kheo/, e.g. `-o public`
output-is-file = the output path is a file
    .help = choose a folder, e.g. `-o public`
output-not-kheos = this folder was not made by kheo, so kheo will not replace it
    .help = choose an empty or new output folder, or pass --wipe-output to delete everything in it and build there

## What the commands say

run-summary = { $models ->
        [one] 1 model
       *[other] { $models } models
    }, { $awards ->
        [one] 1 award
       *[other] { $awards } awards
    }, { $pages ->
        [one] 1 page
       *[other] { $pages } pages
    } in { $ms } ms
checked = checked { $summary }
checked-clean = checked { $summary }: no problems
check-failed-strict = with --strict (or strict: true in site.yaml), warnings count as errors
built = built { $summary } → { $out }
build-start = building { $dir } into { $out }
build-failed = build failed: the previous output, if any, is left as it was
build-failed-strict = build stopped on warnings (--strict or strict: true in site.yaml): the previous output, if any, is left as it was
build-manifest-ignored = the output's { $marker } could not be read or named a file outside the output: it was ignored and the output built anew
build-parsed = { $count } entry files parsed anew (the others came from the cache in .kheo/){ $how ->
        [bodies-only] ; only their bodies can have changed, so only their pages were rendered
        [one-model] ; one model changed in place, so only the pages that can show it were looked at
       *[all] {""}
    }
build-files = { $files } files: { $written } written, { $unchanged } unchanged, { $removed } removed
force-gone = --force is gone: it meant two things, one of them destructive
    .help = --recheck checks every output file and writes again any deleted or changed by hand; --wipe-output deletes everything in an output folder kheo did not make
progress-building = building
progress-checking = checking
progress-loading = loading
progress-rendering = rendering
progress-indexing = search index
progress-photos = photos

## kheo new

new-fill-in = created; now fill in: { $keys } (kheo check tells what is still missing)
new-write-failed = cannot create { $path }: { $detail }
    .help = check that you may write in the site's folder and that the disk is not full
new-exists = { $path } already exists; kheo new never overwrites a file
    .help = edit that file, or choose another title or --slug
new-locality-bad = { $flag }: `{ $value }` is not 1 to 3 levels (province / district / commune)
    .help = write it top-down, e.g. --locality "Thanh Hóa / Sầm Sơn / Trường Sơn"
new-year-bad = { $flag }: { $value } is not a year of the movement
    .help = a year is four digits, e.g. --year 2023
new-title-empty = the title is empty
    .help = write the name of the model in quotes, e.g. kheo new model "Đường hoa Lê Lợi"
new-title-no-slug = no file name can be made from this title
    .help = add --slug with a-z, 0-9 and -, e.g. --slug duong-hoa
new-slug-bad = { $flag }: `{ $value }` may only contain a-z, 0-9 and -, at most { $max } characters
    .help = write e.g. --slug { $example }
new-period-bad = { $flag }: `{ $value }` is not a period of years
    .help = write the first and last year, e.g. --period 2009-2019
new-model-unknown = { $flag }: no model has the slug `{ $value }`
    .help = { $suggestion ->
        [none] write the slug of an existing model (its `slug:`, or its title in lower case without accents, words joined by -)
       *[other] did you mean `{ $suggestion }`?
    }

## kheo init

init-is-file = { $dir } is a file
    .help = give the name of a new folder: kheo init ten-trang
init-not-empty = { $dir } is not empty; kheo init only creates a site in a new or empty folder
    .help = give the name of a new folder: kheo init ten-trang
init-write-failed = cannot create { $path }: { $detail }
    .help = check that you may write in that folder and that the disk is not full
init-done = created a new site in { $dir }
    {""}
    {"  "}cd { $dir }
    {"  "}kheo serve          # see the site at http://127.0.0.1:1111/
    {"  "}kheo new model "Model name" --locality "Province / District / Commune" --field kinh-te
    {"  "}kheo check          # every problem, in one run
    {"  "}kheo build          # build the site into public/
internal-error = kheo stopped on an internal error at { $at }; this is a bug in kheo, not in your site: please report it with the file you were editing

## kheo import

import-at = { $file }, sheet “{ $sheet }”, row { $row }{ $column ->
        [none] {""}
       *[other] , column { $column } ({ $header })
    }
import-year-bad = `{ $value }` is not a year
    .help = write the year in digits, e.g. 2023
import-result-bad = the result `{ $value }` has no value
    .help = write results as `Nhãn: giá trị; Nhãn: giá trị`, e.g. `Chậu hoa: 310`
import-column-twice = a second column for `{ $value }`
    .help = keep one column for each kind of value
import-column-unknown = unknown column “{ $value }”
    .help = { $suggestion ->
        [none] the columns kheo reads: { $known }
       *[other] did you mean “{ $suggestion }”?
    }
import-no-title-column = no column gives the model's name
    .help = the first row names the columns: add one named “Tên mô hình”
import-locality-unknown = unknown locality “{ $value }”
    .help = { $suggestion ->
        [none] write it top-down: “Tỉnh / Huyện / Xã” before July 2025, “Tỉnh / Xã” after
       *[other] did you mean: { $suggestion }?
    }
import-row-twice = the same model as sheet “{ $sheet }”, row { $row }: one title in one unit
    .help = keep one of the rows, or give one another name
import-no-file = { $file }: no such file
    .help = give the path of the spreadsheet, e.g. kheo import mo-hinh.xlsx
import-unreadable = cannot read { $file }: { $detail }
    .help = open the file in the spreadsheet program and save it again as .xlsx
import-csv-not-utf8 = { $file } is not saved as UTF-8 text
    .help = save it as “CSV UTF-8” from the spreadsheet program
import-not-sheet = { $file }: kheo imports .xlsx, .xls, .ods and .csv files
    .help = save the table as .xlsx from the spreadsheet program
import-failed = { $count ->
        [one] 1 problem
       *[other] { $count } problems
    } in { $file }: nothing was written
import-dry-run = would write { $count } models into { $dir } (--dry-run: nothing written)
import-done = wrote { $count } models into { $dir } in { $ms } ms

## Templates

template-error = this template cannot be used: { $detail }
    .help = fix the template, or delete your override to use the theme's own
theme-template-missing = the theme has no `{ $value }`
    .help = a theme needs templates/base.html, index.html and model.html; delete the theme's folder to use the default one

## Localities and references between entries

locality-unknown = unknown locality “{ $value }”
    .help = { $suggestion ->
        [none] check the spelling, top-down: "Tỉnh / Huyện / Xã" before July 2025, "Tỉnh / Xã" after
       *[other] did you mean: { $suggestion }?
    }{ $other ->
        [none] {""}
       *[other] ; at the other side of 1 July 2025 this is { $other } — check the entry's date
    }; a unit that is not in the official list can be added to content/localities.yaml
locality-ambiguous = “{ $value }” names { $count } units
    .help = write its province or district too; it could be: { $suggestion }{ $other ->
        [none] {""}
       *[other] ; at the other side of 1 July 2025 this is { $other } — check the entry's date
    }
ref-several = { $count } models have the slug `{ $value }`
    .help = name one by its file under content/models/ or its address: { $files }
ref-missing = `{ $value }` names no model
    .help = { $suggestion ->
        [none] name a model by its file under content/models/ (`ha-noi/hu-gao.md`), its address (`/mo-hinh/ha-noi/ba-dinh/hu-gao/`), or its slug when no other model has it
       *[other] did you mean `{ $suggestion }`?
    }
ref-model-broken = `{ $value }` names the model in { $file }, which has errors and is left out
    .help = fix the errors reported for { $file }; this award will then show on its page
case-clash = the file names { $value } and { $other } differ only in capital letters
    .help = on Windows and macOS they are one file, so one would be lost: rename one of them

## kheo serve

serve-photos-encoded = photos: { $count } encoded in { $ms } ms
serve-index-done = search index: { $records } entries, { $files } files in { $ms } ms
serve-index-stopped = search index: stopped after { $ms } ms for an edit
serve-index-held = stopped the search index in { $ms } ms
serve-quick = { $file }: re-rendered its page in { $ms } ms
serve-shown = { $file }: rebuilt the { $looked } pages that can show it ({ $kept } unchanged) in { $ms } ms, the open data in { $total } ms
serve-timings = load + index { $load } ms, render { $render } ms
serve-built = { $file ->
        [none] built
       *[other] { $file }{ $more ->
                [0] {""}
               *[other] {" "}(+{ $more })
            }: rebuilt
    } { $models } models, { $awards } awards, { $pages } pages{ $kept ->
        [0] {""}
       *[other] {" "}({ $kept } unchanged)
    } in { $ms } ms
serve-failed = { $file ->
        [none] {""}
       *[other] { $file }{ $more ->
                [0] {""}
               *[other] {" "}(+{ $more })
            }:{" "}
    }{ $served ->
        [yes] the build failed; the last good pages stay served
       *[no] the build failed; fix the errors and save
    }
serve-listen-failed = cannot listen on { $address }: { $detail }
    .help = another program may use that port: try --port { $next }
serve-watch-failed = cannot watch { $dir } for changes: { $detail }
    .help = check that the folder exists and that you may read it
serve-watching = watching { $dir } ({ $folders }, site.yaml)
serve-serving = serving { $dir } at { $url } (Ctrl+C to stop)
serve-changed = changed: { $file }
serve-overlay-head = kheo: the site has errors; the browser shows the last good build. Fix them and save the file: the page reloads by itself.
serve-overlay-photos-head = kheo: warnings about photos; the site was built. Fix or replace the photo: the page reloads by itself.
serve-editor = editor: { $url }
serve-bind-warning = listening on { $address }: other computers on the network can read the site being previewed (not the editor, which answers this computer alone). Leave out --bind to serve this computer only.
serve-no-token = cannot make the editor's key from the system's random source: { $detail }
serve-too-large = too large: { $size } MB sent, at most { $limit } MB per request. Send fewer photos at once, or smaller ones.
serve-refused-origin = refused: this request comes from another site ({ $origin }). kheo saves only what its own editor pages send: open { $url }
serve-refused-token = refused: the request does not carry this session's key (it changes each time kheo serve starts). Reload the editor's page ({ $url }) and try again.
serve-refused-remote = refused: the editor and its changes answer this computer only; open { $url } on it.
serve-refused-host = refused: the editor is opened at { $url }, not under the name { $host }.
serve-path-outside = refused: { $path } is not a file inside the content folder (no "..", no absolute path, no backslash).
serve-path-link = refused: { $path } is a symbolic link; the editor writes only to real files and folders inside content/.
serve-path-not-folder = refused: { $path } is not a folder.
editor-title = Edit the site
editor-empty = No model or award yet.
editor-col-kind = Kind
editor-col-title = Title
editor-col-file = File
editor-col-locality = Locality
editor-kind-model = Model
editor-kind-award = Award
editor-col-field = Field / kind
editor-col-year = Year
editor-col-problems = Errors, warnings
editor-problem-count = { $errors } errors, { $warnings } warnings
editor-filter-locality = Locality
editor-filter-field = Field / kind
editor-filter-year = Year
editor-filter-problems = Only entries with errors or warnings
editor-filter-all = All
editor-filter-apply = Filter
editor-filter-count = { $shown } of { $total } entries
editor-filter-more = the first { $listed } of { $shown } matching entries ({ $total } in all): filter further
editor-new-model = Add a model
editor-new-award = Add an award
editor-edit = Edit
editor-skip = Skip to the main content
editor-site = View the site
editor-back = Back to the list
editor-form-edit = Edit: { $title }
editor-body = Text (Markdown)
editor-save = Save
editor-saved = Saved { $file }. The site is being rebuilt now.
editor-view-page = View the page
editor-file-problems = This file has { $errors } errors and { $warnings } warnings (each beside its field).
editor-not-saved = Not saved: { $errors } errors. Fix the marked fields, then save again.
editor-preview = Preview
editor-preview-hint = The preview follows what you type.
editor-preview-unreadable = No preview yet: fill in the required fields and fix the marked errors.
editor-list-hint = one item per line
editor-locality-hint = type a commune, district or province, with or without diacritics
editor-model-pick = Add a model: type a few words of its name or place, with or without diacritics
editor-row-add = Add a row
editor-row-remove = Remove this row
editor-pair-name = Name
editor-pair-text = Text
editor-photo-drop = Drop photos here, or
editor-photo-choose = Choose photos…
editor-photo-keep = Keep the original photo (GPS included)
editor-photo-uploading = Uploading:
editor-photo-size = ≈ { $kb } KB on a phone
editor-conflict-title = The file was changed elsewhere
editor-conflict-disk = The version on this computer
editor-conflict-mine = Your version
editor-conflict-copy = Your version (copy it if you need it)
editor-conflict-keep-mine = Keep mine (write over the version on this computer)
editor-conflict-keep-disk = Keep the version on this computer (drop my changes)

## The command line's help (ids follow the commands: cli-<command>-<argument>)

cli-usage = Usage:
cli-commands = Commands
cli-command = COMMAND
cli-arguments = Arguments
cli-options = Options
cli-options-word = OPTIONS
cli-value-base_url = BASE_URL
cli-value-bind = BIND
cli-value-dir = DIR
cli-value-field = FIELD
cli-value-file = FILE
cli-value-issuer = ISSUER
cli-value-kind = KIND
cli-value-level = LEVEL
cli-value-locality = LOCALITY
cli-value-models = MODELS
cli-value-output = OUTPUT
cli-value-period = PERIOD
cli-value-port = PORT
cli-value-slug = SLUG
cli-value-title = TITLE
cli-value-year = YEAR
cli-help = Print help
cli-version = Print version
cli-after-help = Exit status: 0 success, 1 content errors, 2 usage errors.
cli-about = Static site generator for the models and awards of the “Dân vận khéo” movement
cli--quiet = Print only problems: no progress, no summary
cli--verbose = Say more: folders, timings, what triggered a rebuild
cli-build = Build the site in DIR into OUT (default DIR/public)
cli-build-dir = The site folder (default: the current folder)
cli-build-output = Output folder (default DIR/public)
cli-build-base_url = Address of the published site, e.g. https://example.org/dvk/
cli-build-drafts = Include entries marked `draft: true`
cli-build-recheck = Check every output file, and write again any deleted or changed by hand (after a crash, or hand edits in the output)
cli-build-wipe_output = DELETE everything in the output folder, even files kheo did not write, and build there
cli-build-no_search = Skip the search index, for a faster preview
cli-build-strict = Stop on warnings too (dead links, missing images, personal data): nothing doubtful is published
cli-serve = Build the site, serve it on 127.0.0.1 and reload the browser on every edit
cli-serve-dir = The site folder (default: the current folder)
cli-serve-port = Port to listen on (default: 1111; 0: any free port)
cli-serve-bind = Address to listen on (default: 127.0.0.1, this computer only)
cli-serve-drafts = Include entries marked `draft: true`
cli-check = Check everything (content, references, links, images, personal data) and write nothing
cli-check-dir = The site folder (default: the current folder)
cli-check-drafts = Check entries marked `draft: true` as if published
cli-check-strict = Count warnings as errors (exit 1 on any)
cli-check-output = Output folder of the last build (default DIR/public): pages whose inputs did not change since are not rendered again
cli-new = Write a new model or award from a template
cli-new-model = A new model: content/models/<slug>.md
cli-new-model-title = Name of the model, e.g. "Đường hoa Lê Lợi"
cli-new-model-locality = Where it runs, top-down: "Tỉnh / Huyện / Xã"
cli-new-model-field = Field, by key or name: kinh-te, "Văn hóa – Xã hội"…
cli-new-model-year = Year started or recognized (default: this year)
cli-new-model-slug = Address name (a-z, 0-9, -); default from the title
cli-new-model-dir = The site folder (default: the current folder)
cli-new-award = A new award: content/awards/<slug>.md
cli-new-award-title = Name of the award, e.g. "Bằng khen của UBND tỉnh năm 2023"
cli-new-award-kind = giay-khen, bang-khen, tuyen-duong, ky-niem-chuong, cong-nhan (or the Vietnamese name)
cli-new-award-level = co-so, huyen, tinh, trung-uong (or "cấp tỉnh"…)
cli-new-award-issuer = Who gave it, e.g. "UBND quận Bình Tân"
cli-new-award-year = Year given (default: this year, unless --period)
cli-new-award-period = A span of years instead of a year: "2009-2019"
cli-new-award-locality = Where it was given: "Tỉnh / Huyện / Xã"
cli-new-award-models = Slug of a model this award recognizes (repeat for several)
cli-new-award-slug = Address name (a-z, 0-9, -); default from the title
cli-new-award-dir = The site folder (default: the current folder)
cli-init = Create a new site: site.yaml, content folders, one example model and award
cli-init-dir = The folder to create the site in (new or empty)
cli-import = Write one model per row of a spreadsheet (.xlsx, .xls, .ods, .csv), never over a file
cli-import-file = The spreadsheet: .xlsx, .xls, .ods or .csv (UTF-8)
cli-import-dir = Where to write the entries (default: content/models of the site in the current folder)
cli-import-dry_run = Show what would be written, and write nothing

## Mistakes on the command line

cli-error-unknown-argument = there is no option `{ $arg }`
cli-error-unknown-command = there is no command `{ $command }`
cli-error-missing = `{ $arg }` is missing
cli-error-value = `{ $value }` is not a value `{ $arg }` takes
cli-error-values = `{ $arg }` takes exactly one value, e.g. --port 8080
cli-error-conflict = `{ $arg }` cannot be used with `{ $other }`
cli-error-other = the command line is not written right
cli-error-did-you-mean = did you mean `{ $suggestion }`?
cli-error-see-help = how to use it: { $command } --help

## The editor in the browser (kheo serve)

edit-field-title = Title
edit-field-locality = Locality
edit-field-field = Field
edit-field-year = Year
edit-field-date = Date
edit-field-period = Period
edit-field-summary = Summary
edit-field-organizations = Organizations
edit-field-people = Exemplars
edit-field-people-name = Name of the person or group
edit-field-people-role = Role
edit-field-people-kind = Kind
edit-field-results = Results
edit-field-results-label = Measure
edit-field-results-value = Figure
edit-field-status = Status
edit-field-tags = Keywords
edit-field-sources = Sources
edit-field-sources-title = Article title
edit-field-sources-url = Address (URL)
edit-field-sources-publisher = Publisher
edit-field-sources-date = Date published
edit-field-images = Images
edit-field-images-src = Image file
edit-field-images-alt = Description of the image (for people who cannot see it)
edit-field-images-caption = Caption
edit-field-images-credit = Photographer
edit-field-featured = Show on the home page
edit-field-draft = Draft (not published)
edit-field-slug = Name in the page's address
edit-field-aliases = Old addresses
edit-field-private = Private notes
edit-field-kind = Kind of award
edit-field-level = Level
edit-field-issuer = Issued by
edit-field-recipients = Recipients
edit-field-recipients-name = Name
edit-field-recipients-kind = Kind
edit-field-recipients-unit = Unit
edit-field-recipients-model = Model
edit-field-totals = Numbers awarded
edit-field-models = Models recognized
edit-private-note = never published
edit-required = required
edit-required-one-of = one of: { $keys }
edit-choice = { $key ->
        [dang-thuc-hien] Ongoing
        [nhan-rong] Replicated
        [tam-dung] Paused
        [ket-thuc] Ended
        [giay-khen] Certificate of merit
        [bang-khen] Certificate of commendation
        [tuyen-duong] Public commendation
        [ky-niem-chuong] Commemorative medal
        [cong-nhan] Decision of recognition
        [trung-uong] Central level
        [tinh] Provincial level
        [huyen] District level
        [co-so] Grassroots level
        [tap-the] Group
        [ca-nhan] Individual
        [ho-gia-dinh] Household
        [kinh-te] Economy
        [van-hoa-xa-hoi] Culture and society
        [quoc-phong-an-ninh] Defence and security
        [xay-dung-he-thong-chinh-tri] Building the political system
       *[other] { $name }
    }
edit-locality-became = from 1 July 2025: { $new }
edit-locality-site = the site's own locality (content/localities.yaml)
edit-unusual = the form cannot edit this front matter: the key on line { $line } is written in a way the form cannot take apart. Edit this file in a text editor
edit-unwritable = the value of `{ $key }` cannot be written so that it reads back the same: write it again
edit-outside = `{ $path }` is not a .md file in the content/ folder: kheo does not write outside it
edit-link = `{ $path }` is a symbolic link: kheo does not write through links
edit-conflict = the file was changed elsewhere after the form was opened: compare both versions and choose the one to keep
edit-exists = `{ $path }` exists already: kheo does not overwrite it
edit-io = could not write `{ $path }`: { $detail }
edit-photo-unreadable = cannot use the photo `{ $name }`: { $detail }. Choose another JPEG, PNG or WebP photo.
edit-photo-missing = the uploaded photo `{ $id }` is gone: upload it again
edit-upload-no-file = the request holds no photo: choose a photo file and send it again
edit-upload-bad-form = the upload could not be read ({ $detail }): reload the editor's page and send it again
