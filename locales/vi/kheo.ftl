# Lời nhắn của kheo bằng tiếng Việt. Mỗi mã ở đây có một bản trong
# ../en/kheo.ftl (có kiểm thử). `.help` là dòng chỉ cách sửa. Mã không
# đổi: mã nguồn và kiểm thử dựa vào mã, không bao giờ dựa vào câu chữ.

## Nhãn và tổng số

label-error = lỗi
label-warning = cảnh báo
label-help = cách sửa
diag-summary = { $errors ->
        [0] { $warnings } cảnh báo
       *[other] { $errors } lỗi{ $warnings ->
                [0] {""}
               *[other] {" "}và { $warnings } cảnh báo
            }
    }{ $files ->
        [0] {""}
       *[other] {" "}trong { $files } tệp
    }

## Đọc tệp và phần khai báo đầu tệp

file-not-utf8 = tệp không được lưu dạng chữ UTF-8
    .help = lưu lại tệp với bảng mã UTF-8 (trong đa số trình soạn thảo: "Lưu thành" → Mã hóa → UTF-8)
file-empty = tệp trống
    .help = mở đầu tệp bằng một dòng `---`, tiếp theo là các khóa (title: …, locality: …), rồi một dòng `---` nữa, rồi đến bài viết
front-matter-missing = tệp không mở đầu bằng phần khai báo
    .help = mở đầu tệp bằng một dòng `---`, tiếp theo là các khóa (title: …, locality: …), rồi một dòng `---` nữa, rồi đến bài viết
front-matter-not-closed = phần khai báo đầu tệp chưa được đóng
    .help = thêm một dòng chỉ có `---` sau khóa cuối cùng, trước bài viết
front-matter-not-map = phần khai báo đầu tệp không phải là danh sách các khóa
    .help = mỗi dòng viết một khóa, ví dụ: `title: Đường hoa Lê Lợi`
front-matter-bad = các giá trị trong phần khai báo không khớp với nhau
    .help = xem lại phần khai báo của bài này và các tệp _defaults.yaml trong các thư mục chứa nó
yaml-tab = dòng này được thụt lề bằng phím Tab
    .help = ở đây YAML chỉ nhận dấu cách: thay phím Tab bằng hai dấu cách
yaml-colon-in-value = giá trị của `{ $key }` có `: ` mà không nằm trong dấu ngoặc kép
    .help = đặt giá trị trong dấu ngoặc kép: { $key }: "{ $value }"
yaml-syntax = không đọc được dòng này thành một khóa và giá trị
    .help = viết `khóa: giá trị`, mỗi dòng một khóa; giá trị có `: `, `#` hoặc bắt đầu bằng `[`, `{"{"}`, `*`, `&` thì đặt trong dấu ngoặc kép, và đóng mọi dấu ngoặc đã mở
yaml-unclosed = dấu ngoặc này chưa được đóng
    .help = đóng ngoặc trên cùng dòng, ví dụ: tags: [hoa, đường phố]; hoặc viết giá trị không có ngoặc, ví dụ: year: 2021
yaml-too-deep = phần khai báo lồng nhau sâu quá { $depth } tầng
    .help = một bài chỉ cần nhiều nhất là danh sách các mục: xem lại các dấu ngoặc trên dòng này
yaml-anchor = không được dùng neo YAML (&tên) và bí danh (*tên) trong phần khai báo
    .help = viết đầy đủ giá trị ở mỗi chỗ cần dùng
key-duplicate = khóa `{ $value }` được viết hai lần
    .help = chỉ giữ lại một dòng `{ $value }:`
key-unknown = không có khóa `{ $value }`
    .help = { $suggestion ->
        [none] các khóa dùng được: { $known }
       *[other] có phải ý bạn là `{ $suggestion }`?
    }
key-unknown-nested = không có khóa `{ $value }` trong `{ $parent }`
    .help = { $suggestion ->
        [none] mỗi mục của `{ $parent }` dùng các khóa: { $known }
       *[other] có phải ý bạn là `{ $suggestion }`?
    }
value-bad = giá trị của `{ $key }` viết chưa đúng
    .help = { $key ->
        [year] năm phải là bốn chữ số, ví dụ: year: 2023
        [date] viết ngày theo dạng năm, năm-tháng hoặc năm-tháng-ngày, ví dụ: date: 2023-04-15
        [weight] viết một số nguyên, ví dụ: weight: 10
        [locality] viết địa bàn từ cấp trên xuống, ví dụ: locality: "Hà Nội / Hoàn Kiếm"
        [featured] viết true (có) hoặc false (không), ví dụ: featured: true
        [draft] viết true (có) hoặc false (không), ví dụ: draft: true
        [period] viết năm đầu và năm cuối, ví dụ: period: "2009-2019"
        [organizations] viết một danh sách, mỗi mục một dòng bắt đầu bằng "- ", ví dụ: organizations: [Hội Phụ nữ, Đoàn Thanh niên]
        [tags] viết một danh sách, mỗi mục một dòng bắt đầu bằng "- ", ví dụ: tags: [hoa, đường phố]
        [models] viết danh sách tên địa chỉ (slug) của các mô hình, ví dụ: models: [duong-hoa-le-loi]
        [aliases] viết danh sách các địa chỉ cũ, ví dụ: aliases: [/mo-hinh/ten-cu/]
        [people] mỗi người một dòng bắt đầu bằng "- ", ví dụ: "- name: Nguyễn Thị Lan" và dòng dưới "  role: Chi hội trưởng"
        [results] mỗi kết quả một dòng bắt đầu bằng "- ", ví dụ: "- label: Chậu hoa giấy" và dòng dưới "  value: 310"
        [sources] mỗi nguồn một dòng bắt đầu bằng "- ", ví dụ: "- title: Báo Nhân Dân" và dòng dưới "  url: https://nhandan.vn/…"
        [images] mỗi ảnh một dòng bắt đầu bằng "- ", ví dụ: "- src: anh.jpg" và dòng dưới "  alt: ảnh chụp cảnh gì"
        [recipients] mỗi người hoặc tập thể được khen một dòng bắt đầu bằng "- ", ví dụ: "- name: Hội Phụ nữ phường 1" và dòng dưới "  kind: tap-the"
        [totals] viết số lượng cho từng loại, ví dụ: totals: {"{"}tap-the: 93, ca-nhan: 96{"}"}
       *[other] viết chữ trên cùng dòng, ví dụ: { $key }: Đường hoa Lê Lợi
    }

## Giá trị của các khóa

value-empty = `{ $key }` chưa có giá trị
    .help = viết giá trị sau `{ $key }:`
missing-key = thiếu khóa `{ $key }`
    .help = thêm một dòng `{ $key }: …` vào phần khai báo đầu tệp
missing-year = thiếu khóa `year` (năm)
    .help = thêm năm mô hình bắt đầu hoặc được công nhận, ví dụ: year: 2023 (hoặc date: 2023-04)
missing-year-or-period = thiếu khóa `year` (năm) hoặc `period` (giai đoạn)
    .help = thêm year: 2019 hoặc period: "2009-2019"
locality-empty-level = địa bàn có một cấp bị bỏ trống
    .help = viết địa bàn từ cấp trên xuống, ngăn cách bằng " / ", ví dụ: locality: "Thanh Hóa / Sầm Sơn / Trường Sơn"
locality-levels = địa bàn có { $levels } cấp; chỉ được từ 1 đến 3 cấp (tỉnh / huyện / xã)
    .help = viết địa bàn từ cấp trên xuống, ngăn cách bằng " / ", ví dụ: locality: "Thanh Hóa / Sầm Sơn / Trường Sơn"
year-out-of-range = { $value } không phải là một năm của phong trào
    .help = năm phải là bốn chữ số, ví dụ: year: 2019
year-date-mismatch = `year: { $year }` không khớp với `date: { $date }`
    .help = bỏ `year` (ngày tháng đã cho biết năm) hoặc sửa một trong hai
year-and-period = có cả `year` lẫn `period`
    .help = chỉ giữ lại một trong hai
period-bad = `{ $value }` không phải là một giai đoạn
    .help = viết năm đầu và năm cuối, ví dụ: period: "2009-2019"
date-bad = `{ $value }` không phải là ngày tháng
    .help = viết ngày theo dạng năm, năm-tháng hoặc năm-tháng-ngày, ví dụ: date: 2022-10-13
date-no-month = không có tháng { $month } trong `{ $value }`
    .help = viết ngày theo dạng năm, năm-tháng hoặc năm-tháng-ngày, ví dụ: date: 2022-10-13
date-no-day = không có ngày { $day } trong `{ $value }`
    .help = viết ngày theo dạng năm, năm-tháng hoặc năm-tháng-ngày, ví dụ: date: 2022-10-13
field-unknown = không có lĩnh vực `{ $value }`
    .help = { $suggestion ->
        [none] dùng một trong các lĩnh vực: { $choices }
       *[other] có phải ý bạn là `{ $suggestion }`? Các lĩnh vực: { $choices }
    }
choice-unknown = không có { $what ->
        [status] tình trạng
        [award-kind] hình thức khen thưởng
        [award-level] cấp khen thưởng
       *[recipient-kind] loại đối tượng được khen
    } `{ $value }`
    .help = { $suggestion ->
        [none] dùng một trong: { $choices }
       *[other] có phải ý bạn là `{ $suggestion }`? Dùng một trong: { $choices }
    }
slug-too-long = tên địa chỉ (slug) `{ $value }` dài { $length } ký tự; chỉ được tối đa { $max }
    .help = viết tên ngắn hơn, ví dụ: slug: { $example }
slug-bad = tên địa chỉ (slug) `{ $value }` chỉ được có chữ a-z, số 0-9 và dấu -
    .help = viết ví dụ: slug: { $example }
slug-from-title-empty = không tạo được địa chỉ trang từ tiêu đề này
    .help = thêm khóa `slug:` (chữ a-z, số 0-9, dấu -), ví dụ: slug: duong-hoa
alias-bad = `{ $value }` không phải là một địa chỉ của trang
    .help = viết địa chỉ cũ tính từ gốc trang, ví dụ: `- /mo-hinh/hu-gao-tinh-thuong/` (chữ a-z, số, - _ . và /; không có `..`)
url-local-file = { $what ->
        [image] ảnh
        [source] địa chỉ nguồn
       *[address] địa chỉ
    } `{ $value }` là một tệp trên máy tính, không phải địa chỉ trên mạng
    .help = viết địa chỉ web bắt đầu bằng https:// (hoặc http://, hoặc mailto: cho thư điện tử), hoặc một đường dẫn trong trang như /mo-hinh/<slug>/
url-refused-scheme = { $what ->
        [image] ảnh
        [source] địa chỉ nguồn
       *[address] địa chỉ
    } `{ $value }` dùng `{ $scheme }:`, loại địa chỉ không bao giờ được đăng
    .help = viết địa chỉ web bắt đầu bằng https:// (hoặc http://, hoặc mailto: cho thư điện tử), hoặc một đường dẫn trong trang như /mo-hinh/<slug>/
html-too-deep = mã HTML lồng nhau sâu quá { $depth } tầng
    .help = bỏ bớt các thẻ lồng thừa (văn bản dán từ Word hay có), hoặc viết lại bằng Markdown
image-no-alt = ảnh `{ $value }` chưa có lời mô tả `alt`
    .help = thêm `alt: …` tả bức ảnh cho người không nhìn thấy được, ví dụ: alt: Chị em phụ nữ trồng hoa
image-leaves-folder = đường dẫn ảnh `{ $value }` đi ra ngoài thư mục của bài
    .help = đặt ảnh cạnh tệp index.md của bài và chỉ viết tên tệp, ví dụ: src: anh-1.jpg
image-missing = không có tệp ảnh `{ $value }` cạnh bài viết
    .help = chép tệp ảnh vào { $dir }
image-link-outside = ảnh `{ $value }` là lối tắt tới một tệp ngoài thư mục của bài
    .help = chép chính tệp ảnh vào thư mục thay cho lối tắt
image-not-bundle = ảnh `{ $value }` chỉ có tên tệp, nhưng bài viết không nằm trong thư mục riêng
    .help = chuyển bài thành <slug>/index.md và đặt ảnh bên cạnh, hoặc viết đường dẫn bắt đầu bằng / cho một tệp trong static/

## Tệp và thư mục

io-read = không đọc được tệp này: { $reason ->
        [not-found] tệp không tồn tại
        [permission] không có quyền mở
       *[other] { $detail }
    }
    .help = kiểm tra tệp có tồn tại và bạn có quyền mở, rồi chạy lại kheo
io-write = không { $action ->
        [create-folder] tạo được thư mục
        [create-staging] tạo được thư mục tạm
        [move-aside] dời được bản dựng trước sang bên
        [put-in-place] đặt được bản dựng mới vào chỗ
        [read] đọc được
        [remove-previous] xóa được bản dựng trước
        [update] cập nhật được
        [write-manifest] ghi được sổ ghi của thư mục đầu ra
       *[write] ghi được
    } ở đây: { $reason ->
        [not-found] một thư mục trên đường dẫn không tồn tại
        [permission] không có quyền ghi
        [exists] đã có một tệp hoặc thư mục chắn đường
       *[other] { $detail }
    }
    .help = kiểm tra thư mục có tồn tại, bạn có quyền ghi và ổ đĩa chưa đầy; đóng các chương trình đang mở các tệp đó
symlink-outside = lối tắt (symbolic link) này trỏ ra ngoài thư mục trang
    .help = chép chính tệp vào content/ thay cho lối tắt
file-too-big = tệp nặng { $size } MB; mỗi bài chỉ được tối đa { $max } MB
    .help = chia nhỏ bài, và đặt ảnh hoặc tài liệu lớn trong static/ rồi dẫn liên kết tới
no-content-folder = ở đây không có thư mục content/
    .help = chạy kheo trong thư mục của trang (có content/models), hoặc tạo trang mới bằng `kheo init`
dir-missing = { $dir } không phải là một thư mục
    .help = chỉ ra thư mục của trang, ví dụ: `kheo check trang-cua-toi`
dir-not-site = { $dir } không phải là thư mục trang: không có thư mục content/
    .help = chạy kheo trong thư mục của trang (có content/models), hoặc tạo trang mới bằng `kheo init { $dir }`
localities-bad = content/localities.yaml không phải là danh sách địa bàn
    .help = viết một danh sách, mỗi dòng một địa bàn: `- Hà Nội / Hoàn Kiếm / Tổ dân phố số 5`

## site.yaml

base-url-bad = base_url `{ $value }` không phải là địa chỉ web
    .help = viết địa chỉ nơi trang được đăng, ví dụ: base_url: https://danvan.example.gov.vn/
base-url-flag-bad = --base-url `{ $value }` không phải là địa chỉ web
    .help = ghi địa chỉ nơi trang được đăng, ví dụ: --base-url https://danvan.example.gov.vn/
unknown-localities-bad = unknown_localities: không có lựa chọn `{ $value }`
    .help = dùng `error` (mặc định: báo lỗi) hoặc `warn` (chỉ cảnh báo)
paginate-zero = `paginate` phải từ 1 trở lên
    .help = viết ví dụ: paginate: 50
language-unknown = không có ngôn ngữ `{ $value }`
    .help = dùng `vi` (tiếng Việt) hoặc `en` (tiếng Anh)
field-key-bad = mã lĩnh vực `{ $value }` không dùng được trong địa chỉ web
    .help = chỉ dùng chữ a-z, số 0-9 và dấu -, ví dụ: key: { $example }
field-twice = lĩnh vực `{ $value }` được liệt kê hai lần
    .help = chỉ giữ lại một
fields-empty = `fields` không có lĩnh vực nào
    .help = liệt kê ít nhất một lĩnh vực, ví dụ: "- key: kinh-te" và dòng dưới "  name: Kinh tế"
images-widths-bad = `images.widths` phải liệt kê các độ rộng từ 16 đến 4096 điểm ảnh
    .help = viết ví dụ: images: {"{"}widths: [480, 960, 1600]{"}"}

## Liên kết, ảnh và thông tin riêng (kheo check, kheo build)

body-image-no-alt = ảnh `{ $value }` chưa có lời mô tả
    .help = tả bức ảnh trong cặp ngoặc vuông, cho người không nhìn thấy được: ![Hàng chậu hoa giấy dọc vỉa hè](…)
link-leaves-site = { $what ->
        [image] ảnh
       *[link] liên kết
    } `{ $value }` đi ra ngoài trang
    .help = dẫn tới một trang của trang web bằng đường dẫn tính từ gốc, ví dụ: `/mo-hinh/ha-noi/ba-dinh/<slug>/`
link-dead = liên kết tới `{ $value }` không dẫn tới trang nào của trang web
    .help = { $hint ->
        [near] có phải ý bạn là `{ $near }`?
        [model] địa chỉ của một mô hình là /mo-hinh/<đường dẫn địa bàn, như ở /dia-ban/>/<slug>/, trong đó slug là `slug:` của nó hoặc tiêu đề viết không dấu, các từ nối bằng -
        [award] địa chỉ của một khen thưởng là /khen-thuong/<slug>/
        [locality] địa chỉ của một địa bàn là /dia-ban/<tỉnh>/<huyện>/…; xem danh sách ở /dia-ban/
       *[other] xem lại địa chỉ: không trang hay tệp nào của trang web có địa chỉ này
    }
image-dead = không có ảnh `{ $value }` trong trang web
    .help = { $hint ->
        [near] có phải ý bạn là `{ $near }`?
        [image-bundle] khai báo tệp trong `images:` ở phần đầu bài (bài đặt trong thư mục riêng: <slug>/index.md, ảnh bên cạnh) để ảnh được đăng
       *[image-static] đặt tệp vào static/{ $target }, hoặc sửa lại đường dẫn
    }
image-site-missing = không có ảnh `{ $value }` trong trang web
    .help = đặt tệp vào static/{ $target }, hoặc sửa lại `src:`
nul-characters = dòng này có { $count } ký tự NUL vô hình
    .help = chúng hiện thành � trên trang: xóa chúng đi (gõ lại đoạn chữ quanh đó nếu đã dán từ nơi khác)
privacy-phone = đây có vẻ là số điện thoại: `{ $value }`
    .help = số điện thoại không bao giờ được đăng: chuyển nó vào mục `private:` ở phần đầu bài, hoặc xóa đi
privacy-email = đây có vẻ là địa chỉ thư điện tử: `{ $value }`
    .help = thư điện tử cá nhân không bao giờ được đăng: chuyển nó vào mục `private:` ở phần đầu bài, hoặc xóa đi
privacy-id-number = đây có vẻ là số CMND/CCCD: `{ $value }`
    .help = số giấy tờ tùy thân không bao giờ được đăng: xóa đi (hoặc giữ trong mục `private:`)

## Ảnh: đọc, kiểm tra và thu nhỏ (kheo build, kheo serve)

image-read-failed = không đọc được ảnh `{ $name }` ({ $detail }){ $static ->
        [yes] {"; "}ảnh này không được đăng
       *[other] {""}
    }
    .help = mở ảnh trên điện thoại hoặc máy tính, lưu hoặc xuất lại thành JPEG (hoặc PNG), rồi thay tệp này
image-file-too-big = ảnh `{ $name }` nặng hơn { $mb } MB{ $static ->
        [yes] {"; "}ảnh này không được đăng
       *[other] {""}
    }
    .help = lưu ảnh ở cỡ nhỏ hơn (cỡ ảnh bình thường của điện thoại là được)
image-empty = ảnh `{ $name }` là một tệp rỗng (0 byte){ $static ->
        [yes] {"; "}ảnh này không được đăng
       *[other] {""}
    }
    .help = chép lại ảnh từ điện thoại: lần chép trước đã bị ngắt giữa chừng
image-heic = ảnh `{ $name }` ở dạng HEIC, trình duyệt không hiển thị được{ $static ->
        [yes] {"; "}ảnh này không được đăng
       *[other] {""}
    }
    .help = xuất lại ảnh thành JPEG rồi thay tệp này (trên iPhone, để máy chụp luôn ra JPEG: Cài đặt → Camera → Định dạng → Tương thích nhất)
image-not-image = `{ $name }` không phải là ảnh JPEG, PNG, WebP hay GIF{ $static ->
        [yes] {"; "}ảnh này không được đăng
       *[other] {""}
    }
    .help = mở ảnh trên điện thoại hoặc máy tính, lưu hoặc xuất lại thành JPEG (hoặc PNG), rồi thay tệp này
image-wrong-extension = ảnh `{ $name }` thật ra là tệp { $format }, khác với đuôi tên tệp
    .help = đổi tên tệp cho đuôi là .{ $ext } (và sửa tên ấy trong bài)
image-truncated = ảnh `{ $name }` bị hỏng hoặc thiếu phần cuối{ $static ->
        [yes] {"; "}ảnh này không được đăng
       *[other] {""}
    }
    .help = chép lại ảnh từ điện thoại: lần chép trước đã bị ngắt giữa chừng
image-damaged = ảnh `{ $name }` bị hỏng hoặc bị cắt cụt ({ $detail }){ $static ->
        [yes] {"; "}ảnh này không được đăng
       *[other] {""}
    }
    .help = mở ảnh trên điện thoại hoặc máy tính, lưu hoặc xuất lại thành JPEG (hoặc PNG), rồi thay tệp này
image-too-large = ảnh `{ $name }` quá lớn để đăng (hơn { $side } điểm ảnh một cạnh hoặc { $megapixels } triệu điểm ảnh){ $static ->
        [yes] {"; "}ảnh này không được đăng
       *[other] {""}
    }
    .help = lưu ảnh ở cỡ nhỏ hơn (cỡ ảnh bình thường của điện thoại là được)
image-no-pixels = ảnh `{ $name }` không có điểm ảnh nào ({ $width } × { $height }){ $static ->
        [yes] {"; "}ảnh này không được đăng
       *[other] {""}
    }
    .help = mở ảnh trên điện thoại hoặc máy tính, lưu hoặc xuất lại thành JPEG (hoặc PNG), rồi thay tệp này
image-cmyk = ảnh `{ $name }` là JPEG hệ màu CMYK (dùng để in): màu trên màn hình có thể bị sai
    .help = xuất lại ảnh với hệ màu RGB (sRGB)
image-animated = ảnh `{ $name }` là ảnh động: chỉ khung hình đầu tiên được đăng
    .help = dùng một ảnh tĩnh, hoặc đặt liên kết tới tệp ảnh động
image-deep-color = ảnh `{ $name }` dùng 16 hoặc 32 bit cho mỗi màu: ảnh được đăng với 8 bit
    .help = xuất lại ảnh thành JPEG hoặc PNG 8 bit để thấy đúng ảnh sẽ được đăng
image-encode-failed = không mã hóa được ảnh `{ $name }` ({ $detail }){ $static ->
        [yes] {"; "}ảnh này không được đăng
       *[other] {""}
    }
    .help = xuất lại ảnh thành JPEG rồi thay tệp này
image-cache-unwritable = không ghi được ảnh `{ $name }` vào bộ nhớ đệm { $dir } ({ $detail }){ $static ->
        [yes] {"; "}ảnh này không được đăng
       *[other] {""}
    }
    .help = kiểm tra rằng thư mục của trang ghi được và ổ đĩa còn chỗ trống

## Giao diện và thư mục đầu ra

theme-missing = không có giao diện (theme) `{ $value }`
    .help = đặt giao diện vào { $dir }, hoặc viết theme: default
theme-empty = giao diện không có mẫu trang nào
    .help = một giao diện cần templates/base.html, index.html, model.html…
ui-strings-bad = các chuỗi giao diện không phải là các dòng `khóa: chữ`
    .help = mỗi dòng viết một `khóa: chữ`; chữ có `: ` thì đặt trong dấu ngoặc kép
model-moved = mô hình này đã chuyển từ /{ $old } sang /{ $new }
    .help = kheo tạm thời chuyển hướng địa chỉ cũ; thêm `aliases: [/{ $old }]` vào phần đầu bài để việc chuyển hướng còn giữ sau một lần dựng mới
file-changed-during-build = tệp đã thay đổi trong lúc kheo đang dựng trang
    .help = dựng lại lần nữa (kheo serve tự làm việc này)

## Địa chỉ các trang

url-reserved = địa chỉ { $value } là địa chỉ dành riêng của kheo
    .help = đặt cho mô hình một `slug:` riêng
url-clash-models = hai mô hình của cùng một địa bàn có cùng địa chỉ { $value }: tệp này và { $other }
    .help = nếu là một mô hình thì chỉ giữ một tệp; nếu không, đổi tiêu đề của một trong hai hoặc đặt `slug:` riêng
url-clash = hai bài có cùng địa chỉ { $value }: tệp này và { $other }
    .help = đổi tiêu đề của một trong hai hoặc đặt `slug:` riêng
page-url-reserved = địa chỉ trang { $value } là địa chỉ dành riêng của kheo
    .help = đổi tên tệp hoặc đặt cho trang một `slug:` khác
alias-is-page = địa chỉ cũ { $value } đang là một trang của trang web
    .help = bỏ nó khỏi `aliases:`: chuyển hướng ở đó sẽ che mất một trang
alias-twice = địa chỉ cũ { $value } cũng là địa chỉ cũ của { $other }
    .help = bỏ nó khỏi `aliases:` ở một trong hai tệp
output-outside = kheo đã từ chối ghi ra ngoài thư mục đầu ra
    .help = đây là lỗi của kheo, không phải của trang: xin báo lại kèm tệp bạn đang sửa
output-thread-failed = một luồng dựng trang bị hỏng; chưa có gì bị thay đổi
    .help = dựng lại lần nữa; nếu vẫn lỗi, xin báo lại
output-link = thư mục đầu ra có một lối tắt dẫn tới chỗ khác: kheo không ghi qua lối tắt
    .help = xóa lối tắt, hoặc dựng vào một thư mục mới
output-is-site = thư mục đầu ra chính là, hoặc chứa, thư mục trang
    .help = chọn thư mục đầu ra khác, ví dụ: `-o public`
output-inside-site = thư mục đầu ra nằm trong thư mục { $value }/ của trang
    .help = chọn thư mục đầu ra ngoài content/, static/, templates/, themes/ và .kheo/, ví dụ: `-o public`
output-is-file = đường dẫn đầu ra là một tệp
    .help = chọn một thư mục, ví dụ: `-o public`
output-not-kheos = thư mục này không do kheo tạo, nên kheo không thay thế nó
    .help = chọn một thư mục trống hoặc mới, hoặc thêm --wipe-output để xóa hết mọi thứ trong đó rồi dựng vào

## Lời của các lệnh

run-summary = { $models } mô hình, { $awards } khen thưởng, { $pages } trang trong { $ms } ms
checked = đã kiểm tra { $summary }
checked-clean = đã kiểm tra { $summary }: không có vấn đề gì
check-failed-strict = với --strict (hoặc strict: true trong site.yaml), cảnh báo được tính như lỗi
built = đã dựng { $summary } → { $out }
build-start = đang dựng { $dir } vào { $out }
build-failed = dựng trang không thành: bản dựng trước (nếu có) vẫn giữ nguyên
build-failed-strict = dừng dựng trang vì có cảnh báo (--strict hoặc strict: true trong site.yaml): bản dựng trước (nếu có) vẫn giữ nguyên
build-manifest-ignored = không đọc được tệp { $marker } của thư mục đầu ra, hoặc tệp đó nêu một tệp nằm ngoài thư mục: đã bỏ qua nó và dựng lại từ đầu
build-parsed = đọc lại { $count } tệp bài (các tệp khác lấy từ bộ nhớ đệm trong .kheo/){ $how ->
        [bodies-only] ; chỉ phần bài viết có thể đã đổi, nên chỉ dựng lại trang của chúng
        [one-model] ; một mô hình đổi tại chỗ, nên chỉ xem lại những trang có thể hiện nó
       *[all] {""}
    }
build-files = { $files } tệp: ghi { $written }, giữ nguyên { $unchanged }, xóa { $removed }
force-gone = không còn --force: nó có hai nghĩa, một nghĩa gây mất dữ liệu
    .help = --recheck kiểm tra mọi tệp đầu ra và ghi lại những tệp đã bị xóa hay sửa tay; --wipe-output xóa mọi thứ trong một thư mục đầu ra không do kheo tạo
progress-building = đang dựng
progress-checking = đang kiểm tra
progress-loading = đang đọc
progress-rendering = đang tạo trang
progress-indexing = chỉ mục tìm kiếm
progress-photos = ảnh

## kheo new

new-fill-in = đã tạo; giờ hãy điền: { $keys } (kheo check sẽ cho biết còn thiếu gì)
new-write-failed = không tạo được { $path }: { $detail }
    .help = kiểm tra bạn có quyền ghi trong thư mục trang và ổ đĩa chưa đầy
new-exists = đã có { $path }; kheo new không bao giờ ghi đè một tệp
    .help = sửa tệp đó, hoặc chọn tiêu đề khác hay --slug khác
new-locality-bad = { $flag }: `{ $value }` không phải là từ 1 đến 3 cấp (tỉnh / huyện / xã)
    .help = viết từ cấp trên xuống, ví dụ: --locality "Thanh Hóa / Sầm Sơn / Trường Sơn"
new-year-bad = { $flag }: { $value } không phải là một năm của phong trào
    .help = năm phải là bốn chữ số, ví dụ: --year 2023
new-title-empty = tiêu đề đang trống
    .help = viết tên mô hình trong dấu ngoặc kép, ví dụ: kheo new model "Đường hoa Lê Lợi"
new-title-no-slug = không tạo được tên tệp từ tiêu đề này
    .help = thêm --slug với chữ a-z, số 0-9 và dấu -, ví dụ: --slug duong-hoa
new-slug-bad = { $flag }: `{ $value }` chỉ được có chữ a-z, số 0-9 và dấu -, tối đa { $max } ký tự
    .help = viết ví dụ: --slug { $example }
new-period-bad = { $flag }: `{ $value }` không phải là một giai đoạn
    .help = viết năm đầu và năm cuối, ví dụ: --period 2009-2019
new-model-unknown = { $flag }: không có mô hình nào có tên địa chỉ (slug) `{ $value }`
    .help = { $suggestion ->
        [none] viết slug của một mô hình đã có (khóa `slug:` của nó, hoặc tiêu đề viết thường không dấu, các từ nối bằng -)
       *[other] có phải ý bạn là `{ $suggestion }`?
    }

## kheo init

init-is-file = { $dir } là một tệp
    .help = đặt tên cho một thư mục mới: kheo init ten-trang
init-not-empty = { $dir } không trống; kheo init chỉ tạo trang trong thư mục mới hoặc trống
    .help = đặt tên cho một thư mục mới: kheo init ten-trang
init-write-failed = không tạo được { $path }: { $detail }
    .help = kiểm tra bạn có quyền ghi trong thư mục đó và ổ đĩa chưa đầy
init-done = đã tạo trang mới trong { $dir }
    {""}
    {"  "}cd { $dir }
    {"  "}kheo serve          # xem trang trên http://127.0.0.1:1111/
    {"  "}kheo new model "Tên mô hình" --locality "Tỉnh / Huyện / Xã" --field kinh-te
    {"  "}kheo check          # mọi vấn đề, trong một lần chạy
    {"  "}kheo build          # dựng trang vào public/
internal-error = kheo dừng vì một lỗi bên trong tại { $at }; đây là lỗi của kheo, không phải của trang: xin báo lại kèm tệp bạn đang sửa

## kheo import

import-at = { $file }, trang tính “{ $sheet }”, dòng { $row }{ $column ->
        [none] {""}
       *[other] , cột { $column } ({ $header })
    }
import-year-bad = `{ $value }` không phải là một năm
    .help = viết năm bằng chữ số, ví dụ: 2023
import-result-bad = kết quả `{ $value }` chưa có giá trị
    .help = viết kết quả theo dạng `Nhãn: giá trị; Nhãn: giá trị`, ví dụ: `Chậu hoa: 310`
import-column-twice = có cột thứ hai cho `{ $value }`
    .help = mỗi loại giá trị chỉ giữ một cột
import-column-unknown = không có cột “{ $value }”
    .help = { $suggestion ->
        [none] các cột kheo đọc được: { $known }
       *[other] có phải ý bạn là “{ $suggestion }”?
    }
import-no-title-column = không có cột nào cho tên mô hình
    .help = dòng đầu tiên đặt tên các cột: thêm một cột tên là “Tên mô hình”
import-locality-unknown = không có địa bàn “{ $value }”
    .help = { $suggestion ->
        [none] viết từ cấp trên xuống: “Tỉnh / Huyện / Xã” trước tháng 7/2025, “Tỉnh / Xã” từ đó về sau
       *[other] có phải ý bạn là: { $suggestion }?
    }
import-row-twice = trùng mô hình với trang tính “{ $sheet }”, dòng { $row }: một tên chỉ có một mô hình trong một địa bàn
    .help = giữ lại một trong hai dòng, hoặc đặt tên khác cho một dòng
import-no-file = { $file }: không có tệp này
    .help = chỉ ra đường dẫn tới bảng tính, ví dụ: kheo import mo-hinh.xlsx
import-unreadable = không đọc được { $file }: { $detail }
    .help = mở tệp bằng chương trình bảng tính và lưu lại dưới dạng .xlsx
import-csv-not-utf8 = { $file } không được lưu dạng chữ UTF-8
    .help = lưu lại dưới dạng “CSV UTF-8” từ chương trình bảng tính
import-not-sheet = { $file }: kheo chỉ nhập các tệp .xlsx, .xls, .ods và .csv
    .help = lưu bảng dưới dạng .xlsx từ chương trình bảng tính
import-failed = { $count } vấn đề trong { $file }: chưa ghi tệp nào
import-dry-run = sẽ ghi { $count } mô hình vào { $dir } (--dry-run: chưa ghi gì)
import-done = đã ghi { $count } mô hình vào { $dir } trong { $ms } ms

## Mẫu trang

template-error = không dùng được mẫu trang này: { $detail }
    .help = sửa mẫu trang, hoặc xóa bản bạn viết đè để dùng mẫu của giao diện
theme-template-missing = giao diện không có `{ $value }`
    .help = một giao diện cần templates/base.html, index.html và model.html; xóa thư mục giao diện để dùng giao diện mặc định

## Địa bàn và liên kết giữa các bài

locality-unknown = không có địa bàn “{ $value }”
    .help = { $suggestion ->
        [none] xem lại chính tả, từ cấp trên xuống: "Tỉnh / Huyện / Xã" trước tháng 7/2025, "Tỉnh / Xã" từ đó về sau
       *[other] có phải ý bạn là: { $suggestion }?
    }{ $other ->
        [none] {""}
       *[other] ; ở phía bên kia mốc 1/7/2025, đây là { $other } — xem lại ngày tháng của bài
    }; một đơn vị không có trong danh mục chính thức có thể thêm vào content/localities.yaml
locality-ambiguous = “{ $value }” trùng tên với { $count } đơn vị
    .help = viết thêm tỉnh hoặc huyện; có thể là: { $suggestion }{ $other ->
        [none] {""}
       *[other] ; ở phía bên kia mốc 1/7/2025, đây là { $other } — xem lại ngày tháng của bài
    }
ref-several = { $count } mô hình cùng có tên địa chỉ (slug) `{ $value }`
    .help = chỉ rõ một mô hình bằng tệp của nó trong content/models/ hoặc địa chỉ của nó: { $files }
ref-missing = `{ $value }` không chỉ tới mô hình nào
    .help = { $suggestion ->
        [none] chỉ tới một mô hình bằng tệp của nó trong content/models/ (`ha-noi/hu-gao.md`), địa chỉ của nó (`/mo-hinh/ha-noi/ba-dinh/hu-gao/`), hoặc slug của nó khi không mô hình nào khác trùng
       *[other] có phải ý bạn là `{ $suggestion }`?
    }
ref-model-broken = `{ $value }` chỉ tới mô hình trong { $file }, tệp này đang có lỗi nên mô hình chưa được đăng
    .help = sửa các lỗi đã báo cho { $file }; khi đó khen thưởng này sẽ hiện trên trang của mô hình
case-clash = tên tệp { $value } và { $other } chỉ khác nhau ở chữ hoa, chữ thường
    .help = trên Windows và macOS chúng là một tệp, nên sẽ mất một tệp: đổi tên một trong hai

## kheo serve

serve-photos-encoded = ảnh: đã mã hóa { $count } ảnh trong { $ms } ms
serve-index-done = chỉ mục tìm kiếm: { $records } mục, { $files } tệp trong { $ms } ms
serve-index-stopped = chỉ mục tìm kiếm: dừng sau { $ms } ms vì có chỉnh sửa
serve-index-held = đã dừng chỉ mục tìm kiếm trong { $ms } ms
serve-quick = { $file }: đã tạo lại trang của nó trong { $ms } ms
serve-shown = { $file }: đã dựng lại { $looked } trang có thể hiện nó ({ $kept } trang giữ nguyên) trong { $ms } ms, dữ liệu mở trong { $total } ms
serve-timings = đọc + lập chỉ mục { $load } ms, tạo trang { $render } ms
serve-built = { $file ->
        [none] đã dựng
       *[other] { $file }{ $more ->
                [0] {""}
               *[other] {" "}(+{ $more })
            }: đã dựng lại
    } { $models } mô hình, { $awards } khen thưởng, { $pages } trang{ $kept ->
        [0] {""}
       *[other] {" "}({ $kept } trang giữ nguyên)
    } trong { $ms } ms
serve-failed = { $file ->
        [none] {""}
       *[other] { $file }{ $more ->
                [0] {""}
               *[other] {" "}(+{ $more })
            }:{" "}
    }{ $served ->
        [yes] dựng trang không thành; các trang tốt lần trước vẫn được phục vụ
       *[no] dựng trang không thành; sửa các lỗi rồi lưu lại
    }
serve-listen-failed = không mở được cổng { $address }: { $detail }
    .help = có thể một chương trình khác đang dùng cổng đó: thử --port { $next }
serve-watch-failed = không theo dõi được thay đổi trong { $dir }: { $detail }
    .help = kiểm tra thư mục có tồn tại và bạn có quyền đọc
serve-watching = đang theo dõi { $dir } ({ $folders }, site.yaml)
serve-serving = đang phục vụ { $dir } tại { $url } (Ctrl+C để dừng)
serve-changed = đã đổi: { $file }
serve-overlay-head = kheo: trang có lỗi, trình duyệt đang hiện bản dựng tốt gần nhất. Sửa lỗi rồi lưu tệp, trang sẽ tự tải lại.
serve-overlay-photos-head = kheo: có cảnh báo về ảnh; trang vẫn được dựng. Sửa hoặc thay ảnh rồi lưu: trang tự tải lại.
serve-editor = trang sửa nội dung: { $url }
serve-bind-warning = đang mở ở địa chỉ { $address }: máy khác trong mạng đọc được trang đang xem trước (trang sửa nội dung thì chỉ máy này mở được). Bỏ --bind để chỉ phục vụ máy này.
serve-no-token = không tạo được khóa cho trang sửa từ nguồn ngẫu nhiên của hệ thống: { $detail }
serve-too-large = quá lớn: đã gửi { $size } MB, mỗi lần gửi tối đa { $limit } MB. Hãy gửi ít ảnh hơn mỗi lần, hoặc ảnh nhỏ hơn.
serve-refused-origin = từ chối: yêu cầu này đến từ trang khác ({ $origin }). kheo chỉ lưu những gì trang sửa của chính nó gửi: hãy mở { $url }
serve-refused-token = từ chối: yêu cầu không mang khóa của phiên này (khóa đổi mỗi lần chạy kheo serve). Hãy tải lại trang sửa ({ $url }) rồi thử lại.
serve-refused-remote = từ chối: trang sửa nội dung chỉ phục vụ máy này; hãy mở { $url } trên máy đang chạy kheo.
serve-refused-host = từ chối: trang sửa được mở tại { $url }, không qua tên { $host }.
serve-path-outside = từ chối: { $path } không phải là tệp trong thư mục content (không được có "..", đường dẫn tuyệt đối hay dấu \).
serve-path-link = từ chối: { $path } là liên kết tượng trưng (symlink); trang sửa chỉ ghi vào tệp và thư mục thật trong content/.
serve-path-not-folder = từ chối: { $path } không phải là thư mục.
editor-title = Sửa nội dung
editor-empty = Chưa có mô hình hay khen thưởng nào.
editor-col-kind = Loại
editor-col-title = Tên
editor-col-file = Tệp
editor-col-locality = Địa bàn
editor-kind-model = Mô hình
editor-kind-award = Khen thưởng
editor-col-field = Lĩnh vực / hình thức
editor-col-year = Năm
editor-col-problems = Lỗi, cảnh báo
editor-problem-count = { $errors } lỗi, { $warnings } cảnh báo
editor-filter-locality = Địa bàn
editor-filter-field = Lĩnh vực / hình thức
editor-filter-year = Năm
editor-filter-problems = Chỉ mục có lỗi hoặc cảnh báo
editor-filter-all = Tất cả
editor-filter-apply = Lọc
editor-filter-count = { $shown } / { $total } mục
editor-filter-more = { $listed } mục đầu trong { $shown } mục khớp (tổng { $total }): hãy lọc thêm
editor-new-model = Thêm mô hình
editor-new-award = Thêm khen thưởng
editor-edit = Sửa
editor-skip = Bỏ qua, đến nội dung chính
editor-site = Xem trang web
editor-back = Về danh sách
editor-form-edit = Sửa: { $title }
editor-body = Nội dung (Markdown)
editor-save = Lưu
editor-saved = Đã lưu { $file }. Trang web được dựng lại ngay.
editor-view-page = Xem trang
editor-file-problems = Tệp này đang có { $errors } lỗi, { $warnings } cảnh báo (ghi bên cạnh từng ô).
editor-not-saved = Chưa lưu: { $errors } lỗi. Sửa các chỗ được đánh dấu rồi bấm Lưu lại.
editor-preview = Xem trước
editor-preview-hint = Bản xem trước cập nhật khi bạn gõ.
editor-preview-unreadable = Chưa xem trước được: hãy điền đủ các ô bắt buộc và sửa các lỗi được đánh dấu.
editor-list-hint = mỗi dòng một mục
editor-locality-hint = gõ tên xã, huyện hoặc tỉnh, có dấu hay không dấu đều được
editor-model-pick = Thêm mô hình: gõ vài chữ của tên hoặc địa bàn, có dấu hay không dấu đều được
editor-row-add = Thêm dòng
editor-row-remove = Xóa dòng này
editor-pair-name = Tên
editor-pair-text = Nội dung
editor-photo-drop = Kéo ảnh thả vào đây, hoặc
editor-photo-choose = Chọn ảnh…
editor-photo-keep = Giữ ảnh gốc (cả thông tin GPS)
editor-photo-uploading = Đang tải lên:
editor-photo-size = ≈ { $kb } KB trên điện thoại
editor-conflict-title = Tệp đã bị sửa ở nơi khác
editor-conflict-disk = Bản đang có trên máy
editor-conflict-mine = Bản của bạn
editor-conflict-copy = Bản của bạn (chép lại nếu cần)
editor-conflict-keep-mine = Giữ bản của tôi (ghi đè bản trên máy)
editor-conflict-keep-disk = Giữ bản trên máy (bỏ thay đổi của tôi)

## Phần trợ giúp của dòng lệnh (mã theo lệnh: cli-<lệnh>-<tham số>)

cli-usage = Cách dùng:
cli-commands = Lệnh
cli-command = LỆNH
cli-arguments = Tham số
cli-options = Tùy chọn
cli-options-word = TÙY CHỌN
cli-value-base_url = ĐỊA_CHỈ_WEB
cli-value-bind = ĐỊA_CHỈ
cli-value-dir = THƯ_MỤC
cli-value-field = LĨNH_VỰC
cli-value-file = TỆP
cli-value-issuer = NƠI_KHEN
cli-value-kind = LOẠI
cli-value-level = CẤP
cli-value-locality = ĐỊA_BÀN
cli-value-models = MÔ_HÌNH
cli-value-output = THƯ_MỤC_RA
cli-value-period = GIAI_ĐOẠN
cli-value-port = CỔNG
cli-value-slug = SLUG
cli-value-title = TIÊU_ĐỀ
cli-value-year = NĂM
cli-help = In phần trợ giúp
cli-version = In số phiên bản
cli-after-help = Mã thoát: 0 thành công, 1 nội dung có lỗi, 2 gọi lệnh sai.
cli-about = Công cụ dựng trang web tĩnh cho các mô hình và khen thưởng của phong trào “Dân vận khéo”
cli--quiet = Chỉ in các vấn đề: không in tiến độ, không in tóm tắt
cli--verbose = In nhiều hơn: thư mục, thời gian, điều gì làm dựng lại
cli-build = Dựng trang trong THƯ_MỤC vào THƯ_MỤC_RA (mặc định THƯ_MỤC/public)
cli-build-dir = Thư mục của trang (mặc định: thư mục hiện tại)
cli-build-output = Thư mục đầu ra (mặc định THƯ_MỤC/public)
cli-build-base_url = Địa chỉ nơi trang được đăng, ví dụ: https://example.org/dvk/
cli-build-drafts = Dựng cả các bài đánh dấu `draft: true` (bản nháp)
cli-build-recheck = Kiểm tra mọi tệp đầu ra, và ghi lại những tệp đã bị xóa hay sửa tay (sau khi máy treo, hoặc sửa tay trong thư mục đầu ra)
cli-build-wipe_output = XÓA mọi thứ trong thư mục đầu ra, kể cả tệp không do kheo ghi, rồi dựng vào đó
cli-build-no_search = Bỏ qua chỉ mục tìm kiếm, để xem thử nhanh hơn
cli-build-strict = Dừng cả khi có cảnh báo (liên kết hỏng, thiếu ảnh, thông tin cá nhân): không đăng điều gì còn đáng ngờ
cli-serve = Dựng trang, phục vụ trên 127.0.0.1 và tải lại trình duyệt sau mỗi lần sửa
cli-serve-dir = Thư mục của trang (mặc định: thư mục hiện tại)
cli-serve-port = Cổng để mở (mặc định: 1111; 0: bất kỳ cổng nào còn trống)
cli-serve-bind = Địa chỉ để mở (mặc định: 127.0.0.1, chỉ phục vụ máy này)
cli-serve-drafts = Hiện cả các bài đánh dấu `draft: true` (bản nháp)
cli-check = Kiểm tra mọi thứ (nội dung, liên kết giữa các bài, liên kết, ảnh, thông tin cá nhân) và không ghi gì
cli-check-dir = Thư mục của trang (mặc định: thư mục hiện tại)
cli-check-drafts = Kiểm tra cả các bài đánh dấu `draft: true` như khi được đăng
cli-check-strict = Tính cảnh báo như lỗi (có cảnh báo là thoát với mã 1)
cli-check-output = Thư mục đầu ra của lần dựng trước (mặc định THƯ_MỤC/public): các trang không đổi từ lần đó không phải dựng lại
cli-new = Viết một mô hình hoặc khen thưởng mới từ mẫu
cli-new-model = Một mô hình mới: content/models/<slug>.md
cli-new-model-title = Tên mô hình, ví dụ: "Đường hoa Lê Lợi"
cli-new-model-locality = Nơi thực hiện, từ cấp trên xuống: "Tỉnh / Huyện / Xã"
cli-new-model-field = Lĩnh vực, theo mã hoặc tên: kinh-te, "Văn hóa – Xã hội"…
cli-new-model-year = Năm bắt đầu hoặc được công nhận (mặc định: năm nay)
cli-new-model-slug = Tên địa chỉ (a-z, 0-9, -); mặc định lấy từ tiêu đề
cli-new-model-dir = Thư mục của trang (mặc định: thư mục hiện tại)
cli-new-award = Một khen thưởng mới: content/awards/<slug>.md
cli-new-award-title = Tên khen thưởng, ví dụ: "Bằng khen của UBND tỉnh năm 2023"
cli-new-award-kind = giay-khen, bang-khen, tuyen-duong, ky-niem-chuong, cong-nhan (hoặc tên tiếng Việt)
cli-new-award-level = co-so, huyen, tinh, trung-uong (hoặc "cấp tỉnh"…)
cli-new-award-issuer = Cơ quan khen thưởng, ví dụ: "UBND quận Bình Tân"
cli-new-award-year = Năm khen thưởng (mặc định: năm nay, trừ khi có --period)
cli-new-award-period = Một giai đoạn thay cho một năm: "2009-2019"
cli-new-award-locality = Nơi khen thưởng: "Tỉnh / Huyện / Xã"
cli-new-award-models = Slug của một mô hình được khen (lặp lại cho nhiều mô hình)
cli-new-award-slug = Tên địa chỉ (a-z, 0-9, -); mặc định lấy từ tiêu đề
cli-new-award-dir = Thư mục của trang (mặc định: thư mục hiện tại)
cli-init = Tạo trang mới: site.yaml, các thư mục nội dung, một mô hình và một khen thưởng mẫu
cli-init-dir = Thư mục để tạo trang (mới hoặc trống)
cli-import = Viết mỗi dòng của bảng tính (.xlsx, .xls, .ods, .csv) thành một mô hình, không bao giờ ghi đè tệp
cli-import-file = Bảng tính: .xlsx, .xls, .ods hoặc .csv (UTF-8)
cli-import-dir = Nơi ghi các bài (mặc định: content/models của trang trong thư mục hiện tại)
cli-import-dry_run = Cho xem những gì sẽ được ghi, và không ghi gì

## Mistakes on the command line

cli-error-unknown-argument = không có tùy chọn `{ $arg }`
cli-error-unknown-command = không có lệnh `{ $command }`
cli-error-missing = thiếu `{ $arg }`
cli-error-value = `{ $value }` không phải giá trị dùng được cho `{ $arg }`
cli-error-values = `{ $arg }` cần đúng một giá trị, ví dụ: --port 8080
cli-error-conflict = không dùng được `{ $arg }` cùng với `{ $other }`
cli-error-other = dòng lệnh viết chưa đúng
cli-error-did-you-mean = có phải ý bạn là `{ $suggestion }`?
cli-error-see-help = xem cách dùng: { $command } --help

## Trình sửa trong trình duyệt (kheo serve)

edit-field-title = Tên
edit-field-locality = Địa bàn
edit-field-field = Lĩnh vực
edit-field-year = Năm
edit-field-date = Ngày
edit-field-period = Giai đoạn
edit-field-summary = Tóm tắt
edit-field-organizations = Tổ chức thực hiện
edit-field-people = Điển hình
edit-field-people-name = Tên người hoặc tập thể
edit-field-people-role = Vai trò
edit-field-people-kind = Loại
edit-field-results = Kết quả
edit-field-results-label = Chỉ tiêu
edit-field-results-value = Con số
edit-field-status = Tình trạng
edit-field-tags = Từ khóa
edit-field-sources = Nguồn tư liệu
edit-field-sources-title = Tên bài viết
edit-field-sources-url = Địa chỉ (URL)
edit-field-sources-publisher = Nơi đăng
edit-field-sources-date = Ngày đăng
edit-field-images = Ảnh
edit-field-images-src = Tệp ảnh
edit-field-images-alt = Mô tả ảnh (cho người không xem được)
edit-field-images-caption = Chú thích
edit-field-images-credit = Người chụp
edit-field-featured = Đưa lên trang chủ
edit-field-draft = Bản nháp (chưa đăng)
edit-field-slug = Tên trong địa chỉ trang
edit-field-aliases = Địa chỉ cũ
edit-field-private = Ghi chú riêng
edit-field-kind = Hình thức
edit-field-level = Cấp khen
edit-field-issuer = Cơ quan khen thưởng
edit-field-recipients = Người, tập thể được khen
edit-field-recipients-name = Tên
edit-field-recipients-kind = Loại
edit-field-recipients-unit = Đơn vị
edit-field-recipients-model = Mô hình
edit-field-totals = Số lượng được khen
edit-field-models = Mô hình được khen
edit-private-note = không bao giờ được đăng
edit-required = bắt buộc
edit-required-one-of = cần một trong hai: { $keys }
edit-choice = { $name }
edit-locality-became = từ 1/7/2025 là { $new }
edit-locality-site = địa bàn riêng của trang (content/localities.yaml)
edit-unusual = không sửa được phần khai báo bằng biểu mẫu: khóa ở dòng { $line } viết theo cách biểu mẫu không tách ra được. Hãy sửa tệp này bằng trình soạn thảo văn bản
edit-unwritable = không ghi được giá trị của `{ $key }` sao cho đọc lại đúng như vậy: hãy viết lại giá trị này
edit-outside = `{ $path }` không phải là một tệp .md trong thư mục content/: kheo không ghi ra ngoài đó
edit-link = `{ $path }` là lối tắt (symbolic link): kheo không ghi qua lối tắt
edit-conflict = tệp đã được sửa ở nơi khác sau khi mở biểu mẫu: xem hai bản rồi chọn bản giữ lại
edit-exists = đã có tệp `{ $path }`: kheo không ghi đè
edit-io = không ghi được `{ $path }`: { $detail }
edit-photo-unreadable = không dùng được ảnh `{ $name }`: { $detail }. Hãy chọn một ảnh JPEG, PNG hoặc WebP khác.
edit-photo-missing = ảnh đã tải lên `{ $id }` không còn nữa: hãy tải lên lại
edit-upload-no-file = yêu cầu không có ảnh nào: hãy chọn một tệp ảnh rồi gửi lại
edit-upload-bad-form = không đọc được ảnh gửi lên ({ $detail }): hãy tải lại trang sửa rồi gửi lại
