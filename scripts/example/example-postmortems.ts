import type { ExamplePostmortem } from './types.ts';

/**
 * Postmortems of the example. Only times of day appear in them (the incidents
 * start at fixed local times), never dates, so they stay true for any anchor.
 */
export const postmortems = {
  outage: {
    status: 'published',
    authors: ['Rina Hartono (SRE)', 'Dimas Prasetyo (Platform)'],
    reviewers: ['Ayu Lestari (CTO)'],
    publishedAfterDays: 4,
    title: 'Postmortem: 49 minutes without the website and app',
    body: `## Summary

From 19:42 to 20:31 WIB the Kedai website, the mobile app, search and the
public API were unavailable for every customer and merchant. A configuration
change lowered the number of connections our servers may open to the session
database from 2,000 to 200. It was applied to every region at once, during
the evening peak, and every server ran out of connections within four
minutes. We reverted the change and service returned gradually.

We are sorry. Evening is when many of you shop, and for 49 minutes you could
not. Every customer with an account received a Rp25.000 voucher, and
merchants pay no commission on that evening's orders.

## Impact

- **Customers:** nobody could load the website or the app, browse, search or
  place an order for 49 minutes. About 1,900 checkouts in progress were
  interrupted; no payment was taken twice.
- **Merchants:** the public API returned errors for 49 minutes, so order sync
  and stock updates failed. The merchant dashboard and payouts were not
  affected.
- **Data:** no data was lost or exposed.

## Timeline (WIB)

| Time | Event |
|---|---|
| 19:38 | Configuration change to the session database connection limit is deployed to all regions. |
| 19:42 | Error rate reaches 100%; the on-call engineer is paged automatically. |
| 19:46 | First status page update: investigating. |
| 20:00 | Cause identified: connection limit too low; revert started. |
| 20:15 | Revert deployed; servers recover one by one. |
| 20:31 | All services working for everyone; monitoring. |
| 21:02 | Resolved after 30 stable minutes. |

## Root cause

The connection limit was lowered to fix a warning from the database, which
reported too many idle connections. The new value was calculated for one
application server instead of all of them. The change passed review because
the file did not show how many servers share the limit, and our configuration
pipeline applies changes to every region at the same moment, so there was no
small-scale rollout that could have shown the problem first.

## Resolution

We reverted the change. Servers then recovered as their health checks passed;
search and the API came back first, the website and the app last.

## Action items

| Action | Owner | Status |
|---|---|---|
| Roll out configuration changes region by region, with an automatic stop when errors rise | Platform | Done |
| Show the total across all servers next to every per-server connection limit | Platform | Done |
| Alert on connection-pool saturation before it reaches 100% | SRE | Done |
| Freeze non-urgent configuration changes during the evening peak (18:00–22:00 WIB) | SRE | In progress |
| Make an interrupted checkout resume where it stopped after reconnecting | Storefront | Planned |

<!-- kabar:internal — everything below this line stays in Git; the status page never shows it -->

## Internal review

For the team and stakeholders: reviewed in Git with the rest of this file, never published.

- The change was approved in review by one engineer from another team, who could not see the
  number of servers sharing the limit. Configuration reviews now need an owner of the service.
- The first status page update came 4 minutes after the page went out; the promised update at
  20:15 came on time. The resolution update waited 31 minutes for "stable", 10 more than our
  runbook asks: we will shorten the wait for full outages.
- Support answered 214 chats during the outage; a status page link in the first reply would
  have saved most of them.
`,
    tr: {
      id: {
        title: 'Postmortem: 49 menit tanpa situs web dan aplikasi',
        body: `## Ringkasan

Dari pukul 19.42 hingga 20.31 WIB, situs web Kedai, aplikasi seluler,
pencarian, dan API publik tidak dapat diakses oleh seluruh pelanggan dan
merchant. Sebuah perubahan konfigurasi menurunkan jumlah koneksi yang boleh
dibuka server kami ke basis data sesi dari 2.000 menjadi 200. Perubahan itu
diterapkan ke semua region sekaligus, pada jam sibuk malam hari, dan setiap
server kehabisan koneksi dalam empat menit. Kami membatalkan perubahan
tersebut dan layanan pulih secara bertahap.

Kami mohon maaf. Malam hari adalah waktu banyak dari Anda berbelanja, dan
selama 49 menit Anda tidak bisa melakukannya. Setiap pelanggan yang memiliki
akun menerima voucher Rp25.000, dan merchant tidak dikenai komisi untuk
pesanan malam itu.

## Dampak

- **Pelanggan:** tidak ada yang bisa membuka situs web atau aplikasi,
  menjelajah, mencari, atau memesan selama 49 menit. Sekitar 1.900 proses
  checkout terputus; tidak ada pembayaran yang tertagih dua kali.
- **Merchant:** API publik mengembalikan galat selama 49 menit, sehingga
  sinkronisasi pesanan dan pembaruan stok gagal. Dasbor merchant dan
  pencairan dana tidak terdampak.
- **Data:** tidak ada data yang hilang atau bocor.

## Kronologi (WIB)

| Waktu | Kejadian |
|---|---|
| 19.38 | Perubahan batas koneksi basis data sesi diterapkan ke semua region. |
| 19.42 | Tingkat galat mencapai 100%; engineer yang bertugas otomatis dipanggil. |
| 19.46 | Kabar pertama di halaman status: sedang diselidiki. |
| 20.00 | Penyebab ditemukan: batas koneksi terlalu rendah; pembatalan dimulai. |
| 20.15 | Pembatalan diterapkan; server pulih satu per satu. |
| 20.31 | Semua layanan berfungsi untuk semua pengguna; pemantauan. |
| 21.02 | Dinyatakan selesai setelah 30 menit stabil. |

## Akar masalah

Batas koneksi diturunkan untuk mengatasi peringatan dari basis data tentang
terlalu banyak koneksi yang menganggur. Nilai baru dihitung untuk satu server
aplikasi, bukan untuk seluruh server. Perubahan lolos peninjauan karena
berkasnya tidak menunjukkan berapa banyak server yang berbagi batas tersebut,
dan pipeline konfigurasi kami menerapkan perubahan ke semua region pada saat
yang sama, sehingga tidak ada peluncuran bertahap yang bisa memperlihatkan
masalahnya lebih awal.

## Penyelesaian

Kami membatalkan perubahan tersebut. Server kemudian pulih begitu lolos health
check; pencarian dan API pulih lebih dulu, situs web dan aplikasi terakhir.

## Tindak lanjut

| Tindakan | Penanggung jawab | Status |
|---|---|---|
| Terapkan perubahan konfigurasi region demi region, berhenti otomatis bila galat naik | Platform | Selesai |
| Tampilkan total seluruh server di samping setiap batas koneksi per server | Platform | Selesai |
| Beri peringatan saat pool koneksi hampir penuh, sebelum mencapai 100% | SRE | Selesai |
| Bekukan perubahan konfigurasi yang tidak mendesak pada jam sibuk malam (18.00–22.00 WIB) | SRE | Berjalan |
| Lanjutkan checkout yang terputus dari titik terakhir setelah tersambung kembali | Storefront | Direncanakan |
`,
      },
    },
  },
  singapore: {
    // A draft never reaches the site: it shows how a postmortem is reviewed before publishing.
    status: 'draft',
    authors: ['Wei Ling Tan (SRE)'],
    body: `## Summary

About 40% of API requests from Singapore failed with error 503 for 58
minutes after two of our four API servers there lost their private network
route.

## Root cause

_To be completed after the hosting provider's report: why a router update
removed the route, and why our health checks (which use the public
interface) did not take the two servers out of rotation._

## Action items

| Action | Owner | Status |
|---|---|---|
| Run health checks over the private network the servers depend on | SRE | Planned |
| Ask the provider for advance notice of router updates | Platform | In progress |
`,
  },
} satisfies Record<string, ExamplePostmortem>;
