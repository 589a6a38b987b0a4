import type { ExampleClock } from './render-example.ts';
import { min } from './render-example.ts';
import { postmortems } from './example-postmortems.ts';
import type { ExampleIncident } from './types.ts';

/**
 * The example status history of Kedai, a made-up Indonesian online shop: what
 * a newcomer sees first, so it shows good incident communication (impact in
 * customer terms, workarounds, kept next-update promises, verify before
 * resolving) and every feature of the format. Most incidents are translated
 * into Indonesian; a few are deliberately not, so the fallback note shows.
 *
 * Times are relative to the anchor: `c.day(-5, '14:10')` is 14:10 in Jakarta
 * five days before it; the active incident hangs off `c.now`.
 */
export function exampleIncidents(c: ExampleClock): ExampleIncident[] {
  return [...recent(c), ...older(c), ...oldest(c)];
}

function recent(c: ExampleClock): ExampleIncident[] {
  const active = c.now - min(85);
  const sms = c.day(-5, '07:52');
  const email = c.day(-2, '10:14');
  const upcoming = c.day(3, '01:00');
  return [
    {
      slug: 'e-wallet-payments-failing-eastern-indonesia',
      type: 'incident',
      title: 'E-wallet payments failing in Eastern Indonesia',
      severity: 'significant',
      started: active,
      components: { 'e-wallets': 'partial_outage' },
      regions: ['eastern-indonesia'],
      impact: 'About one in three e-wallet and QRIS payments from Eastern Indonesia fails at the confirmation step; cards and bank transfer work normally.',
      workaround:
        'Pay with **bank transfer (virtual account)** or a **card** instead. If an e-wallet payment failed, you were not charged, and your basket is kept for 60 minutes.',
      tr: {
        id: {
          title: 'Pembayaran dompet digital gagal di Indonesia Timur',
          impact: 'Sekitar satu dari tiga pembayaran dompet digital dan QRIS dari Indonesia Timur gagal pada tahap konfirmasi; kartu dan transfer bank berfungsi normal.',
          workaround:
            'Gunakan **transfer bank (virtual account)** atau **kartu** sebagai gantinya. Jika pembayaran dompet digital Anda gagal, saldo Anda tidak terpotong, dan keranjang Anda disimpan selama 60 menit.',
        },
      },
      updates: [
        {
          at: active + min(7),
          status: 'investigating',
          nextUpdate: active + min(37),
          body: 'We are seeing failed e-wallet and QRIS payments from customers in Eastern Indonesia and are investigating. Card payments and bank transfer are not affected.',
          tr: { id: { body: 'Kami melihat pembayaran dompet digital dan QRIS yang gagal dari pelanggan di Indonesia Timur dan sedang menyelidikinya. Pembayaran kartu dan transfer bank tidak terdampak.' } },
        },
        {
          at: active + min(36),
          status: 'identified',
          nextUpdate: active + min(66),
          body: 'We found the cause: payment confirmations from Eastern Indonesia are routed through a network link that is dropping a share of requests. We are moving that traffic to our other data centre. Failed payments were not charged.',
          technical:
            'Confirmation callbacks for the Makassar edge go through the `mks-1` transit link, which shows 30–40% packet loss since the problem began. Plan: drain `mks-1` and route the edge through `jkt-2`.',
          tr: {
            id: {
              body: 'Kami menemukan penyebabnya: konfirmasi pembayaran dari Indonesia Timur melewati jalur jaringan yang menjatuhkan sebagian permintaan. Kami sedang memindahkan lalu lintas tersebut ke pusat data kami yang lain. Pembayaran yang gagal tidak ditagihkan.',
              technical:
                'Callback konfirmasi untuk edge Makassar melewati jalur transit `mks-1`, yang mengalami packet loss 30–40% sejak masalah dimulai. Rencana: kosongkan `mks-1` dan arahkan edge lewat `jkt-2`.',
            },
          },
        },
        {
          at: active + min(67),
          status: 'identified',
          nextUpdate: active + min(110),
          eta: active + min(145),
          body: 'Half of the affected traffic now goes through the other data centre, and failures are falling. We expect all of it to be moved within the hour. Until then, bank transfer and cards are the quickest way to pay.',
          tr: { id: { body: 'Separuh lalu lintas yang terdampak kini melewati pusat data lain, dan kegagalan mulai berkurang. Kami memperkirakan semuanya selesai dipindahkan dalam satu jam. Sampai saat itu, transfer bank dan kartu adalah cara tercepat untuk membayar.' } },
        },
      ],
    },
    {
      slug: 'card-payment-system-upgrade',
      type: 'maintenance',
      title: 'Card payment system upgrade',
      window: { start: upcoming, end: upcoming + min(120) },
      components: { 'card-payments': 'under_maintenance' },
      impact: 'Card payments will be unavailable for up to two hours at night; e-wallets and bank transfer keep working.',
      workaround: 'Pay with an e-wallet, QRIS or bank transfer during the window, or place your order before it starts.',
      body: 'We are moving card payments to a new, faster payment processor. Saved cards stay saved; you do not need to add them again.',
      tr: {
        id: {
          title: 'Peningkatan sistem pembayaran kartu',
          impact: 'Pembayaran kartu tidak dapat digunakan hingga dua jam pada malam hari; dompet digital dan transfer bank tetap berfungsi.',
          workaround: 'Gunakan dompet digital, QRIS, atau transfer bank selama jendela pemeliharaan, atau selesaikan pesanan Anda sebelum dimulai.',
          body: 'Kami memindahkan pembayaran kartu ke pemroses pembayaran baru yang lebih cepat. Kartu yang tersimpan tetap tersimpan; Anda tidak perlu menambahkannya lagi.',
        },
      },
      updates: [
        {
          at: c.day(-2, '10:00'),
          status: 'scheduled',
          body: 'We have scheduled this upgrade for a quiet time of night. We will post here when it starts and when it is done.',
          tr: { id: { body: 'Kami menjadwalkan peningkatan ini pada jam sepi di malam hari. Kami akan memberi kabar di sini saat dimulai dan saat selesai.' } },
        },
      ],
    },
    {
      slug: 'order-confirmation-emails-delayed',
      type: 'incident',
      title: 'Order confirmation emails delayed',
      severity: 'minimal',
      started: email,
      components: { notifications: 'degraded_performance' },
      impact: 'Order confirmation and receipt emails arrived up to 40 minutes late. Orders themselves were placed and paid normally.',
      workaround: 'Your order and its status are always up to date under **Orders** in the app and on the website.',
      tr: {
        id: {
          title: 'Email konfirmasi pesanan tertunda',
          impact: 'Email konfirmasi pesanan dan tanda terima datang terlambat hingga 40 menit. Pesanan tetap dibuat dan dibayar seperti biasa.',
          workaround: 'Pesanan dan statusnya selalu terbaru di menu **Pesanan** pada aplikasi dan situs web.',
        },
      },
      updates: [
        {
          at: email + min(9),
          status: 'investigating',
          nextUpdate: email + min(39),
          body: 'Order confirmation emails are arriving late. Your orders are safe and visible under Orders; we are looking into the delay.',
          tr: { id: { body: 'Email konfirmasi pesanan datang terlambat. Pesanan Anda aman dan terlihat di menu Pesanan; kami sedang menyelidiki keterlambatan ini.' } },
        },
        {
          at: email + min(31),
          status: 'monitoring',
          nextUpdate: email + min(61),
          body: 'A backlog in our email queue built up after a routine deploy. We added capacity and the backlog is being sent now. We are watching until it is empty.',
          technical: 'The deploy reduced the email workers from 12 to 2 by a typo in the autoscaling minimum. Restored to 12; queue depth is falling by ~2,000 messages a minute.',
          tr: {
            id: {
              body: 'Antrean email menumpuk setelah deploy rutin. Kami menambah kapasitas dan antrean sedang dikirim sekarang. Kami memantau hingga antrean kosong.',
              technical: 'Deploy tersebut menurunkan jumlah worker email dari 12 menjadi 2 karena salah ketik pada batas minimum autoscaling. Sudah dikembalikan ke 12; antrean berkurang sekitar 2.000 pesan per menit.',
            },
          },
        },
        {
          at: email + min(58),
          status: 'resolved',
          body: 'All delayed emails have been delivered and new ones go out within seconds again. Sorry for the wait.',
          tr: { id: { body: 'Semua email yang tertunda sudah terkirim dan email baru kembali terkirim dalam hitungan detik. Mohon maaf atas keterlambatannya.' } },
        },
      ],
    },
    {
      slug: 'sms-login-codes-delayed',
      type: 'incident',
      title: 'SMS login codes delayed',
      severity: 'significant',
      started: sms,
      components: { notifications: 'partial_outage' },
      impact: 'One-time login and payment codes sent by SMS arrived late or not at all for many customers, so they could not sign in or confirm payments.',
      workaround: 'On the code screen, tap **Send the code by email** instead of waiting for the SMS.',
      provider: 'PesanCepat SMS gateway',
      tr: {
        id: {
          title: 'Kode masuk via SMS tertunda',
          impact: 'Kode sekali pakai untuk masuk dan pembayaran yang dikirim lewat SMS datang terlambat atau tidak sampai bagi banyak pelanggan, sehingga mereka tidak bisa masuk atau mengonfirmasi pembayaran.',
          workaround: 'Di layar kode, ketuk **Kirim kode lewat email** alih-alih menunggu SMS.',
        },
      },
      updates: [
        {
          at: sms + min(11),
          status: 'investigating',
          nextUpdate: sms + min(41),
          body: 'Many customers are not receiving SMS codes to sign in or confirm payments. Please use the email option on the code screen while we investigate.',
          tr: { id: { body: 'Banyak pelanggan tidak menerima kode SMS untuk masuk atau mengonfirmasi pembayaran. Silakan gunakan opsi email di layar kode selama kami menyelidikinya.' } },
        },
        {
          at: sms + min(38),
          status: 'identified',
          nextUpdate: sms + min(68),
          body: 'Our SMS delivery provider has an outage on its side. We are switching codes to our backup provider. Email codes keep working.',
          tr: { id: { body: 'Penyedia layanan pengiriman SMS kami sedang mengalami gangguan. Kami sedang mengalihkan pengiriman kode ke penyedia cadangan. Kode lewat email tetap berfungsi.' } },
        },
        {
          at: sms + min(62),
          status: 'monitoring',
          nextUpdate: sms + min(122),
          body: 'SMS codes now go through our backup provider and arrive within seconds. We are watching delivery rates.',
          technical: 'Traffic moved to the secondary gateway by feature flag `sms.primary=backup`. Delivery rate back to 99.2% (normal: 99.4%).',
          tr: {
            id: {
              body: 'Kode SMS kini dikirim lewat penyedia cadangan kami dan tiba dalam hitungan detik. Kami memantau tingkat pengirimannya.',
              technical: 'Lalu lintas dipindahkan ke gateway sekunder dengan feature flag `sms.primary=backup`. Tingkat pengiriman kembali 99,2% (normal: 99,4%).',
            },
          },
        },
        {
          at: sms + min(118),
          status: 'resolved',
          body: 'SMS codes have been delivered normally for an hour. The provider has fixed its outage; we will keep the backup route ready so we can switch faster next time.',
          tr: { id: { body: 'Kode SMS sudah terkirim normal selama satu jam. Penyedia telah memperbaiki gangguannya; kami tetap menyiapkan jalur cadangan agar bisa beralih lebih cepat di lain waktu.' } },
        },
      ],
    },
  ];
}

function older(c: ExampleClock): ExampleIncident[] {
  const card = c.day(-8, '13:26');
  const reports = c.day(-12, '06:05');
  const dbWindow = c.day(-16, '00:00');
  const android = c.day(-19, '18:40');
  const webhooks = c.day(-24, '15:12');
  return [
    {
      slug: 'card-payments-declined',
      type: 'incident',
      title: 'Card payments declined',
      severity: 'serious',
      started: card,
      components: { 'card-payments': 'major_outage' },
      impact: 'Almost every credit and debit card payment was declined for 52 minutes. No card was charged for a declined payment.',
      workaround: 'Pay with an e-wallet, QRIS or bank transfer; they are not affected.',
      tr: {
        id: {
          title: 'Pembayaran kartu ditolak',
          impact: 'Hampir semua pembayaran kartu kredit dan debit ditolak selama 52 menit. Tidak ada kartu yang ditagih untuk pembayaran yang ditolak.',
          workaround: 'Bayar dengan dompet digital, QRIS, atau transfer bank; metode tersebut tidak terdampak.',
        },
      },
      updates: [
        {
          at: card + min(6),
          status: 'investigating',
          components: { 'card-payments': 'major_outage' },
          nextUpdate: card + min(26),
          body: 'Card payments are being declined. Your card has not been charged. Please use an e-wallet, QRIS or bank transfer while we investigate.',
          tr: { id: { body: 'Pembayaran kartu sedang ditolak. Kartu Anda tidak ditagih. Silakan gunakan dompet digital, QRIS, atau transfer bank selama kami menyelidikinya.' } },
        },
        {
          at: card + min(24),
          status: 'identified',
          nextUpdate: card + min(44),
          body: 'A security certificate used to talk to our card processor was replaced incorrectly during scheduled renewal. We are restoring the correct one.',
          technical: 'The renewed client certificate for mutual TLS was deployed without its intermediate chain, so the processor rejected every handshake (`certificate unknown`).',
          tr: {
            id: {
              body: 'Sertifikat keamanan untuk berkomunikasi dengan pemroses kartu kami terpasang secara keliru saat pembaruan terjadwal. Kami sedang memulihkan sertifikat yang benar.',
              technical: 'Sertifikat klien mutual TLS yang diperbarui dipasang tanpa rantai intermediate-nya, sehingga pemroses menolak setiap handshake (`certificate unknown`).',
            },
          },
        },
        {
          at: card + min(52),
          status: 'monitoring',
          components: { 'card-payments': 'degraded_performance' },
          nextUpdate: card + min(82),
          body: 'The correct certificate is back and card payments are going through again. Some may take a few seconds longer while retries clear. We are monitoring.',
          tr: { id: { body: 'Sertifikat yang benar sudah terpasang kembali dan pembayaran kartu kembali berhasil. Sebagian mungkin butuh beberapa detik lebih lama selama antrean percobaan ulang selesai. Kami terus memantau.' } },
        },
        {
          at: card + min(79),
          status: 'resolved',
          body: 'Card payments have been working normally for half an hour. If your card payment was declined, simply try again; nothing was charged.',
          tr: { id: { body: 'Pembayaran kartu sudah berfungsi normal selama setengah jam. Jika pembayaran kartu Anda sebelumnya ditolak, silakan coba lagi; tidak ada yang ditagih.' } },
        },
      ],
    },
    {
      // Deliberately English only: the Indonesian site shows the "not translated yet" note.
      slug: 'dashboard-sales-reports-out-of-date',
      type: 'incident',
      title: 'Dashboard sales reports out of date',
      severity: 'negligible',
      started: reports,
      components: { dashboard: 'degraded_performance' },
      impact: "The sales reports in the merchant dashboard showed the previous day's figures until mid-morning. Orders, payouts and stock were not affected.",
      updates: [
        {
          at: reports + min(134),
          status: 'identified',
          nextUpdate: reports + min(194),
          body: "The nightly job that prepares sales reports finished late, so reports still show yesterday's figures. We are re-running it now.",
        },
        {
          at: reports + min(181),
          status: 'monitoring',
          nextUpdate: reports + min(241),
          body: 'Reports are up to date again. We are checking that the totals match the order records.',
        },
        {
          at: reports + min(228),
          status: 'resolved',
          body: 'Totals match. Reports are current, and we have moved the nightly job earlier so it finishes before merchants start their day.',
        },
      ],
    },
    {
      slug: 'database-upgrade',
      type: 'maintenance',
      title: 'Database upgrade for the dashboard and API',
      window: { start: dbWindow, end: dbWindow + min(120) },
      components: { dashboard: 'under_maintenance', api: 'under_maintenance' },
      impact: 'The merchant dashboard and the API were read-only for up to two hours at night. Shopping and payments were not affected.',
      body: 'We upgraded the database behind the merchant dashboard and the API to a new major version for better performance and security updates.',
      tr: {
        id: {
          title: 'Peningkatan basis data dasbor dan API',
          impact: 'Dasbor merchant dan API hanya bisa dibaca (read-only) hingga dua jam pada malam hari. Belanja dan pembayaran tidak terdampak.',
          body: 'Kami meningkatkan basis data di balik dasbor merchant dan API ke versi mayor terbaru demi kinerja yang lebih baik dan pembaruan keamanan.',
        },
      },
      updates: [
        {
          at: c.day(-23, '11:00'),
          status: 'scheduled',
          body: 'During this window you can view orders and products in the dashboard and read them through the API, but not change them. Please plan bulk product updates for another time.',
          tr: { id: { body: 'Selama jendela ini Anda tetap dapat melihat pesanan dan produk di dasbor serta membacanya melalui API, tetapi tidak dapat mengubahnya. Mohon jadwalkan pembaruan produk massal di waktu lain.' } },
        },
        {
          at: dbWindow,
          status: 'in_progress',
          body: 'The upgrade has started. The dashboard and the API are read-only until it is done.',
          tr: { id: { body: 'Peningkatan telah dimulai. Dasbor dan API hanya bisa dibaca hingga selesai.' } },
        },
        {
          at: dbWindow + min(74),
          status: 'verifying',
          body: 'The upgrade is done and changes are possible again. We are running our checks before we close this maintenance.',
          tr: { id: { body: 'Peningkatan selesai dan perubahan sudah bisa dilakukan lagi. Kami sedang menjalankan pemeriksaan sebelum menutup pemeliharaan ini.' } },
        },
        {
          at: dbWindow + min(93),
          status: 'completed',
          body: 'All checks passed. The dashboard and the API work normally, 27 minutes before the end of the announced window.',
          tr: { id: { body: 'Semua pemeriksaan lolos. Dasbor dan API berfungsi normal, 27 menit sebelum akhir jendela yang diumumkan.' } },
        },
      ],
    },
    {
      slug: 'android-app-closing-on-launch',
      type: 'incident',
      title: 'Android app closing on launch',
      severity: 'significant',
      started: android,
      components: { 'mobile-app': 'partial_outage' },
      impact: 'The Kedai app for Android 9 and older closed right after opening. The iOS app, newer Android versions and the website worked.',
      workaround: 'Shop on **kedai.example.com** in your phone’s browser; your basket and orders are the same there.',
      tr: {
        id: {
          title: 'Aplikasi Android tertutup saat dibuka',
          impact: 'Aplikasi Kedai untuk Android 9 dan versi lebih lama langsung tertutup setelah dibuka. Aplikasi iOS, Android versi baru, dan situs web tetap berfungsi.',
          workaround: 'Belanja di **kedai.example.com** melalui browser ponsel Anda; keranjang dan pesanan Anda sama di sana.',
        },
      },
      updates: [
        {
          at: android + min(22),
          status: 'investigating',
          nextUpdate: android + min(52),
          body: 'Some Android users report that the app closes as soon as it opens. Please use the website in your phone’s browser while we look into it.',
          tr: { id: { body: 'Sebagian pengguna Android melaporkan aplikasi langsung tertutup saat dibuka. Silakan gunakan situs web di browser ponsel Anda selama kami menyelidikinya.' } },
        },
        {
          at: android + min(49),
          status: 'identified',
          nextUpdate: android + min(169),
          body: 'Version 5.12.0, released today, crashes on Android 9 and older. We have stopped its rollout and are publishing a fixed version; app store review usually takes one to two hours.',
          technical: 'A new image library calls an API that exists only from Android 10 (API level 29). 5.12.1 guards the call.',
          tr: {
            id: {
              body: 'Versi 5.12.0 yang dirilis hari ini mengalami crash di Android 9 dan versi lebih lama. Kami telah menghentikan peluncurannya dan sedang menerbitkan versi perbaikan; peninjauan di toko aplikasi biasanya butuh satu hingga dua jam.',
              technical: 'Pustaka gambar baru memanggil API yang baru tersedia sejak Android 10 (API level 29). Versi 5.12.1 memeriksa hal ini sebelum memanggilnya.',
            },
          },
        },
        {
          at: android + min(161),
          status: 'monitoring',
          nextUpdate: android + min(281),
          body: 'Version 5.12.1 is available in Google Play. Please update the app; it opens normally again. We are watching crash reports.',
          tr: { id: { body: 'Versi 5.12.1 sudah tersedia di Google Play. Silakan perbarui aplikasi; aplikasi kembali terbuka dengan normal. Kami memantau laporan crash.' } },
        },
        {
          at: android + min(274),
          status: 'resolved',
          body: 'Crash reports are back to normal levels. If the app still closes, update it to 5.12.1 or newer from Google Play.',
          tr: { id: { body: 'Laporan crash kembali ke tingkat normal. Jika aplikasi masih tertutup, perbarui ke versi 5.12.1 atau yang lebih baru dari Google Play.' } },
        },
      ],
    },
    {
      // English only, on purpose (see above).
      slug: 'webhook-deliveries-delayed',
      type: 'incident',
      title: 'Webhook deliveries delayed',
      severity: 'minimal',
      started: webhooks,
      components: { webhooks: 'degraded_performance' },
      impact: 'Order and payment webhooks reached merchant systems up to 25 minutes late. None were lost.',
      workaround: 'Merchants who need the current state can poll `GET /v2/orders?updated_since=…`; it was up to date throughout.',
      updates: [
        {
          at: webhooks + min(8),
          status: 'investigating',
          nextUpdate: webhooks + min(38),
          body: 'Webhook deliveries to merchant systems are delayed. No events are lost; they are queued and will be delivered.',
        },
        {
          at: webhooks + min(29),
          status: 'monitoring',
          nextUpdate: webhooks + min(59),
          body: 'One slow merchant endpoint was holding up deliveries for others. We isolated it and the queue is draining.',
          technical:
            'Deliveries shared one worker pool; an endpoint answering after 29 s (just under our 30 s timeout) tied up every worker. Each merchant now gets its own concurrency limit of 8.',
        },
        {
          at: webhooks + min(47),
          status: 'resolved',
          body: 'All queued webhooks have been delivered and new ones arrive within seconds.',
        },
      ],
    },
  ];
}

function oldest(c: ExampleClock): ExampleIncident[] {
  const outage = c.day(-29, '19:42');
  const va = c.day(-35, '09:03');
  const search = c.day(-41, '16:20');
  const singapore = c.day(-48, '11:15');
  const slow = c.day(-56, '20:05');
  const login = c.day(-63, '08:31');
  const qris = c.day(-71, '12:02');
  const images = c.day(-84, '22:47');
  return [
    {
      slug: 'website-and-app-unavailable',
      type: 'incident',
      title: 'Website and app unavailable',
      severity: 'severe',
      started: outage,
      components: { website: 'major_outage', 'mobile-app': 'major_outage', search: 'major_outage', api: 'major_outage' },
      impact: 'For 49 minutes nobody could open the website or the app, browse, search or place an order.',
      compensation:
        'Every customer with an account received a **Rp25.000 voucher** for their next order, valid for 30 days (see **Vouchers** in the app). Merchants pay no commission on orders from that evening.',
      tr: {
        id: {
          title: 'Situs web dan aplikasi tidak dapat diakses',
          impact: 'Selama 49 menit tidak ada yang bisa membuka situs web atau aplikasi, menjelajah, mencari, maupun memesan.',
          compensation:
            'Setiap pelanggan yang memiliki akun menerima **voucher Rp25.000** untuk pesanan berikutnya, berlaku 30 hari (lihat **Voucher** di aplikasi). Merchant tidak dikenai komisi untuk pesanan malam itu.',
        },
      },
      updates: [
        {
          at: outage + min(4),
          status: 'investigating',
          nextUpdate: outage + min(19),
          body: 'The Kedai website and app are not loading for anyone. We are on it and will update here every 15 minutes.',
          tr: { id: { body: 'Situs web dan aplikasi Kedai tidak dapat dimuat untuk semua pengguna. Kami sedang menanganinya dan akan memberi kabar di sini setiap 15 menit.' } },
        },
        {
          at: outage + min(18),
          status: 'identified',
          nextUpdate: outage + min(33),
          body: 'A configuration change made a few minutes before the outage left our servers unable to reach the database that keeps you signed in. We are reverting it.',
          technical: 'The change lowered the session store connection limit from 2,000 to 200 in every region at once; all application servers waited on connections and failed health checks.',
          tr: {
            id: {
              body: 'Perubahan konfigurasi beberapa menit sebelum gangguan membuat server kami tidak dapat menjangkau basis data yang menjaga Anda tetap masuk. Kami sedang membatalkan perubahan tersebut.',
              technical: 'Perubahan itu menurunkan batas koneksi session store dari 2.000 menjadi 200 di semua region sekaligus; semua server aplikasi menunggu koneksi dan gagal dalam health check.',
            },
          },
        },
        {
          at: outage + min(33),
          status: 'identified',
          components: { search: 'partial_outage', api: 'degraded_performance' },
          nextUpdate: outage + min(48),
          body: 'The change is reverted and servers are coming back one by one. Some of you can already load the site; search and the API are partly back.',
          tr: { id: { body: 'Perubahan sudah dibatalkan dan server kembali aktif satu per satu. Sebagian dari Anda sudah bisa memuat situs; pencarian dan API sebagian sudah pulih.' } },
        },
        {
          at: outage + min(49),
          status: 'monitoring',
          components: { website: 'operational', 'mobile-app': 'operational', search: 'operational', api: 'operational' },
          nextUpdate: outage + min(79),
          body: 'The website, the app, search and the API are working again for everyone. We are watching closely. If your order was interrupted, check **Orders** before trying again so you do not pay twice.',
          tr: { id: { body: 'Situs web, aplikasi, pencarian, dan API kembali berfungsi untuk semua pengguna. Kami memantau dengan saksama. Jika pesanan Anda terputus, periksa **Pesanan** sebelum mencoba lagi agar tidak membayar dua kali.' } },
        },
        {
          at: outage + min(80),
          status: 'resolved',
          body: 'Everything has been stable for half an hour. We are sorry: this should not have happened, and we will publish a full postmortem with what we are changing.',
          tr: { id: { body: 'Semuanya sudah stabil selama setengah jam. Kami mohon maaf: ini seharusnya tidak terjadi, dan kami akan menerbitkan laporan lengkap (postmortem) beserta perbaikan yang kami lakukan.' } },
        },
      ],
      postmortem: postmortems.outage,
    },
    {
      slug: 'bank-transfer-payments-confirmed-late',
      type: 'incident',
      title: 'Bank transfer payments confirmed late',
      severity: 'significant',
      started: va,
      components: { 'bank-transfer': 'partial_outage' },
      impact: 'Payments by virtual account were received but orders stayed on "Awaiting payment" for up to 90 minutes.',
      workaround: 'Please do not pay twice: your payment is safe and the order will update on its own.',
      tr: {
        id: {
          title: 'Konfirmasi pembayaran transfer bank terlambat',
          impact: 'Pembayaran melalui virtual account sudah diterima, tetapi pesanan tetap berstatus "Menunggu pembayaran" hingga 90 menit.',
          workaround: 'Mohon jangan membayar dua kali: pembayaran Anda aman dan status pesanan akan diperbarui dengan sendirinya.',
        },
      },
      updates: [
        {
          at: va + min(14),
          status: 'investigating',
          nextUpdate: va + min(44),
          body: 'Orders paid by bank transfer are not being confirmed. Your money has arrived; please do not pay again. We are investigating.',
          tr: { id: { body: 'Pesanan yang dibayar lewat transfer bank belum terkonfirmasi. Dana Anda sudah kami terima; mohon jangan membayar ulang. Kami sedang menyelidikinya.' } },
        },
        {
          at: va + min(41),
          status: 'identified',
          nextUpdate: va + min(71),
          body: 'The service that matches incoming transfers to orders stopped after a restart. We have started it again and it is working through the backlog, oldest first.',
          tr: { id: { body: 'Layanan yang mencocokkan transfer masuk dengan pesanan berhenti setelah dimulai ulang. Kami telah menjalankannya kembali dan antrean sedang diproses, dimulai dari yang terlama.' } },
        },
        {
          at: va + min(70),
          status: 'monitoring',
          nextUpdate: va + min(100),
          body: 'The backlog is cleared; every paid order is confirmed. New payments are confirmed within a minute. We are monitoring.',
          tr: { id: { body: 'Antrean sudah selesai; semua pesanan yang dibayar sudah terkonfirmasi. Pembayaran baru terkonfirmasi dalam satu menit. Kami terus memantau.' } },
        },
        {
          at: va + min(96),
          status: 'resolved',
          body: 'Bank transfer confirmations are back to normal. We added an alarm that fires when confirmations stop for five minutes.',
          tr: { id: { body: 'Konfirmasi transfer bank kembali normal. Kami menambahkan alarm yang berbunyi bila konfirmasi berhenti selama lima menit.' } },
        },
      ],
    },
    {
      slug: 'search-missing-new-products',
      type: 'incident',
      title: 'Search missing new products',
      severity: 'minimal',
      started: search,
      components: { search: 'degraded_performance' },
      impact: 'Products added or changed in the last six hours did not appear in search. Browsing by category showed them.',
      workaround: 'Browse by category, or open the product from the shop’s page.',
      tr: {
        id: {
          title: 'Produk baru tidak muncul di pencarian',
          impact: 'Produk yang ditambahkan atau diubah dalam enam jam terakhir tidak muncul di pencarian. Penelusuran per kategori tetap menampilkannya.',
          workaround: 'Telusuri per kategori, atau buka produk dari halaman toko.',
        },
      },
      updates: [
        {
          at: search + min(16),
          status: 'identified',
          nextUpdate: search + min(76),
          body: 'New and updated products are missing from search results because the search index stopped updating. We are rebuilding it; this takes about an hour.',
          tr: { id: { body: 'Produk baru dan yang diperbarui tidak muncul di hasil pencarian karena indeks pencarian berhenti diperbarui. Kami sedang membangunnya ulang; proses ini memakan waktu sekitar satu jam.' } },
        },
        {
          at: search + min(71),
          status: 'monitoring',
          nextUpdate: search + min(131),
          body: 'The index is rebuilt and new products appear again. We are checking a sample of shops.',
          tr: { id: { body: 'Indeks sudah dibangun ulang dan produk baru kembali muncul. Kami sedang memeriksa sejumlah toko sebagai sampel.' } },
        },
        {
          at: search + min(118),
          status: 'resolved',
          body: 'Search is complete and up to date again.',
          tr: { id: { body: 'Pencarian kembali lengkap dan terbaru.' } },
        },
      ],
    },
    {
      slug: 'api-errors-for-merchants-in-singapore',
      type: 'incident',
      title: 'API errors for merchants in Singapore',
      severity: 'serious',
      started: singapore,
      components: { api: 'partial_outage', webhooks: 'degraded_performance' },
      regions: ['singapore'],
      impact: 'About 40% of API requests from Singapore failed with error 503, so order sync and stock updates from merchant systems there failed.',
      workaround: 'Requests are safe to retry; our official SDKs retry on their own. The merchant dashboard worked throughout.',
      tr: {
        id: {
          title: 'Galat API untuk merchant di Singapura',
          impact: 'Sekitar 40% permintaan API dari Singapura gagal dengan galat 503, sehingga sinkronisasi pesanan dan pembaruan stok dari sistem merchant di sana gagal.',
          workaround: 'Permintaan aman untuk diulang; SDK resmi kami mengulang secara otomatis. Dasbor merchant tetap berfungsi.',
        },
      },
      updates: [
        {
          at: singapore + min(10),
          status: 'investigating',
          nextUpdate: singapore + min(40),
          body: 'Merchants in Singapore are getting 503 errors from the API. Retrying works for most requests. We are investigating.',
          tr: { id: { body: 'Merchant di Singapura menerima galat 503 dari API. Mengulang permintaan berhasil untuk sebagian besar kasus. Kami sedang menyelidikinya.' } },
        },
        {
          at: singapore + min(37),
          status: 'identified',
          nextUpdate: singapore + min(67),
          body: 'Half of our Singapore API servers lost their connection after a network change at our hosting provider. We are moving traffic to the healthy half and adding capacity.',
          technical: 'Two of four `api-sg` nodes lost their route to the private network after a provider router update; the load balancer kept sending them traffic because health checks run on the public interface.',
          tr: {
            id: {
              body: 'Separuh server API kami di Singapura kehilangan koneksi setelah perubahan jaringan di penyedia hosting. Kami memindahkan lalu lintas ke server yang sehat dan menambah kapasitas.',
              technical: 'Dua dari empat node `api-sg` kehilangan rute ke jaringan privat setelah pembaruan router penyedia; load balancer tetap mengirim lalu lintas karena health check berjalan di antarmuka publik.',
            },
          },
        },
        {
          at: singapore + min(58),
          status: 'monitoring',
          nextUpdate: singapore + min(88),
          body: 'Errors have stopped. Webhooks held back during the incident are being delivered now. We are monitoring.',
          tr: { id: { body: 'Galat sudah berhenti. Webhook yang tertahan selama insiden sedang dikirim sekarang. Kami terus memantau.' } },
        },
        {
          at: singapore + min(86),
          status: 'resolved',
          body: 'The API in Singapore is working normally and all held-back webhooks are delivered. We are writing a postmortem.',
          tr: { id: { body: 'API di Singapura berfungsi normal dan semua webhook yang tertahan sudah terkirim. Kami sedang menyusun postmortem.' } },
        },
      ],
      postmortem: postmortems.singapore,
    },
    {
      // English only, on purpose (see above).
      slug: 'slow-pages-in-eastern-indonesia',
      type: 'incident',
      title: 'Slow pages in Eastern Indonesia',
      severity: 'minimal',
      started: slow,
      components: { website: 'degraded_performance', 'mobile-app': 'degraded_performance' },
      regions: ['eastern-indonesia'],
      impact: 'Pages and product images loaded slowly (5–10 seconds) for customers in Eastern Indonesia.',
      provider: 'Awan CDN',
      updates: [
        {
          at: slow + min(12),
          status: 'investigating',
          nextUpdate: slow + min(42),
          body: 'Customers in Eastern Indonesia report slow pages and images. We are investigating.',
        },
        {
          at: slow + min(35),
          status: 'identified',
          nextUpdate: slow + min(65),
          body: 'Our content delivery provider has a problem at its Makassar location. We have asked it to send traffic to Jakarta in the meantime.',
        },
        {
          at: slow + min(61),
          status: 'monitoring',
          nextUpdate: slow + min(91),
          body: 'Traffic now goes through Jakarta and pages load in normal time again. We are monitoring.',
        },
        {
          at: slow + min(104),
          status: 'resolved',
          body: 'The provider has repaired its Makassar location and traffic is back on the nearest route.',
        },
      ],
    },
    {
      slug: 'merchants-unable-to-sign-in',
      type: 'incident',
      title: 'Merchants unable to sign in to the dashboard',
      severity: 'serious',
      started: login,
      components: { dashboard: 'major_outage' },
      impact: 'Merchants could not sign in to the dashboard for 38 minutes. Merchants already signed in, the API and shopping were not affected.',
      workaround: 'Stay signed in if you are; orders can still be managed through the API and partner apps.',
      tr: {
        id: {
          title: 'Merchant tidak bisa masuk ke dasbor',
          impact: 'Merchant tidak bisa masuk ke dasbor selama 38 menit. Merchant yang sudah masuk, API, dan belanja tidak terdampak.',
          workaround: 'Jangan keluar jika Anda sedang masuk; pesanan tetap dapat dikelola melalui API dan aplikasi mitra.',
        },
      },
      updates: [
        {
          at: login + min(5),
          status: 'investigating',
          nextUpdate: login + min(25),
          body: 'Merchants cannot sign in to the dashboard. If you are signed in, please stay signed in. We are investigating.',
          tr: { id: { body: 'Merchant tidak bisa masuk ke dasbor. Jika Anda sedang masuk, mohon jangan keluar. Kami sedang menyelidikinya.' } },
        },
        {
          at: login + min(21),
          status: 'identified',
          nextUpdate: login + min(41),
          body: 'An update to the sign-in page broke the login form. We are rolling it back.',
          tr: { id: { body: 'Pembaruan halaman masuk merusak formulir login. Kami sedang membatalkan pembaruan tersebut.' } },
        },
        {
          at: login + min(38),
          status: 'monitoring',
          nextUpdate: login + min(68),
          body: 'The rollback is complete and merchants can sign in again. We are monitoring.',
          tr: { id: { body: 'Pembatalan pembaruan sudah selesai dan merchant bisa masuk kembali. Kami terus memantau.' } },
        },
        {
          at: login + min(66),
          status: 'resolved',
          body: 'Sign-in has worked normally for half an hour. We have added an automatic sign-in test that runs before every release.',
          tr: { id: { body: 'Proses masuk sudah berfungsi normal selama setengah jam. Kami menambahkan uji masuk otomatis yang berjalan sebelum setiap rilis.' } },
        },
      ],
    },
    {
      slug: 'qris-payments-failing',
      type: 'incident',
      title: 'QRIS payments failing',
      severity: 'serious',
      started: qris,
      components: { 'e-wallets': 'major_outage' },
      impact: 'QRIS and e-wallet payments failed for everyone for 41 minutes around lunchtime. Failed payments were not charged.',
      workaround: 'Pay by card or bank transfer.',
      tr: {
        id: {
          title: 'Pembayaran QRIS gagal',
          impact: 'Pembayaran QRIS dan dompet digital gagal untuk semua pengguna selama 41 menit sekitar jam makan siang. Pembayaran yang gagal tidak ditagihkan.',
          workaround: 'Bayar dengan kartu atau transfer bank.',
        },
      },
      updates: [
        {
          at: qris + min(6),
          status: 'investigating',
          nextUpdate: qris + min(26),
          body: 'QRIS and e-wallet payments are failing. You have not been charged. Please pay by card or bank transfer while we investigate.',
          tr: { id: { body: 'Pembayaran QRIS dan dompet digital gagal. Anda tidak ditagih. Silakan bayar dengan kartu atau transfer bank selama kami menyelidikinya.' } },
        },
        {
          at: qris + min(24),
          status: 'identified',
          nextUpdate: qris + min(44),
          body: 'The lunchtime peak filled up the system that creates QR codes. We are adding capacity.',
          tr: { id: { body: 'Lonjakan transaksi saat jam makan siang memenuhi sistem pembuat kode QR. Kami sedang menambah kapasitas.' } },
        },
        {
          at: qris + min(41),
          status: 'monitoring',
          nextUpdate: qris + min(71),
          body: 'QRIS and e-wallet payments work again. We are monitoring through the rest of the peak.',
          tr: { id: { body: 'Pembayaran QRIS dan dompet digital kembali berfungsi. Kami memantau hingga jam sibuk berakhir.' } },
        },
        {
          at: qris + min(95),
          status: 'resolved',
          body: 'Payments stayed healthy through the peak. Capacity now scales up ahead of lunchtime every day.',
          tr: { id: { body: 'Pembayaran tetap lancar selama jam sibuk. Kapasitas kini ditambah otomatis menjelang jam makan siang setiap hari.' } },
        },
      ],
    },
    {
      // English only, on purpose (see above).
      slug: 'product-images-not-loading',
      type: 'incident',
      title: 'Some product images not loading',
      severity: 'negligible',
      started: images,
      components: { website: 'degraded_performance' },
      impact: 'Some product images on the website showed a grey placeholder. Buying worked normally.',
      updates: [
        {
          at: images + min(9),
          status: 'identified',
          nextUpdate: images + min(39),
          body: 'Some product images show a grey placeholder after an image cache change. We are reverting the change.',
        },
        {
          at: images + min(31),
          status: 'monitoring',
          nextUpdate: images + min(61),
          body: 'The change is reverted and images load again. Your browser may show the placeholder until you reload the page.',
        },
        {
          at: images + min(57),
          status: 'resolved',
          body: 'Images load normally.',
        },
      ],
    },
  ];
}
