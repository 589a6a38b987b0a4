import { defineConfig } from 'kabar/config';

// The site config: what the page is called, its languages and domains, and
// the components and regions that incidents refer to by id. Ids are stable:
// they appear in content, URLs and the JSON API, so never rename one.
export default defineConfig({
  name: 'Kedai',
  logo: 'logo.svg',
  links: {
    website: 'https://kedai.example.com',
    support: 'mailto:support@kedai.example.com',
  },
  timeZone: 'Asia/Jakarta',
  locales: [
    { tag: 'en', label: 'English', domain: 'status.example.com' },
    { tag: 'id', label: 'Bahasa Indonesia', domain: 'status.example.co.id' },
  ],
  groups: [
    { id: 'storefront', name: { en: 'Storefront', id: 'Toko' } },
    { id: 'payments', name: { en: 'Payments', id: 'Pembayaran' } },
    { id: 'platform', name: { en: 'Platform', id: 'Platform' } },
  ],
  components: [
    { id: 'website', group: 'storefront', name: { en: 'Website', id: 'Situs web' }, description: { en: 'Browsing, product pages and the shopping cart.', id: 'Penjelajahan, halaman produk, dan keranjang belanja.' } },
    { id: 'mobile-app', group: 'storefront', name: { en: 'Mobile app', id: 'Aplikasi seluler' }, description: { en: 'The Kedai app for Android and iOS.', id: 'Aplikasi Kedai untuk Android dan iOS.' } },
    { id: 'search', group: 'storefront', name: { en: 'Search', id: 'Pencarian' }, description: { en: 'Product search and filters.', id: 'Pencarian produk dan filter.' } },
    { id: 'card-payments', group: 'payments', name: { en: 'Card payments', id: 'Pembayaran kartu' }, description: { en: 'Credit and debit card checkout.', id: 'Pembayaran dengan kartu kredit dan debit.' } },
    { id: 'bank-transfer', group: 'payments', name: { en: 'Bank transfer', id: 'Transfer bank' }, description: { en: 'Virtual account and bank transfer payments.', id: 'Pembayaran virtual account dan transfer bank.' } },
    { id: 'e-wallets', group: 'payments', name: { en: 'E-wallets', id: 'Dompet digital' }, description: { en: 'Payments with e-wallets and QRIS.', id: 'Pembayaran dengan dompet digital dan QRIS.' } },
    { id: 'api', group: 'platform', name: 'API', description: { en: 'The public REST API for merchants and partners.', id: 'REST API publik untuk merchant dan mitra.' } },
    { id: 'dashboard', group: 'platform', name: { en: 'Merchant dashboard', id: 'Dasbor merchant' }, description: { en: 'Orders, products and reports for merchants.', id: 'Pesanan, produk, dan laporan untuk merchant.' } },
    { id: 'notifications', group: 'platform', name: { en: 'Email and SMS notifications', id: 'Notifikasi email dan SMS' }, description: { en: 'Order confirmations, one-time codes and receipts.', id: 'Konfirmasi pesanan, kode sekali pakai, dan tanda terima.' } },
    { id: 'webhooks', group: 'platform', name: 'Webhooks', description: { en: 'Event delivery to merchant systems.', id: 'Pengiriman event ke sistem merchant.' }, uptimeBar: false },
  ],
  regions: [
    { id: 'western-indonesia', name: { en: 'Western Indonesia', id: 'Indonesia Barat' } },
    { id: 'eastern-indonesia', name: { en: 'Eastern Indonesia', id: 'Indonesia Timur' } },
    { id: 'singapore', name: { en: 'Singapore', id: 'Singapura' } },
  ],
});
