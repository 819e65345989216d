package bizdocs

// labels holds, per field and language, the label spellings a document may
// print. Several variants per language keep the extractor from learning a
// single wording.
var labels = map[string]map[string][]string{
	"invoice_number":  {"en": {"Invoice No:", "Invoice Number:", "Invoice #"}, "tr": {"Fatura No:", "Fatura Numarası:"}, "de": {"Rechnungsnummer:", "Rechnungsnr.:", "Rechnung Nr."}, "fr": {"N° de facture :", "Numéro de facture :", "Facture n°"}, "es": {"Número de factura:", "Factura nº", "Nº factura:"}},
	"issue_date":      {"en": {"Invoice Date:", "Date of issue:", "Date:"}, "tr": {"Fatura Tarihi:", "Düzenleme Tarihi:"}, "de": {"Rechnungsdatum:", "Datum:"}, "fr": {"Date de facture :", "Date d'émission :"}, "es": {"Fecha de factura:", "Fecha de emisión:", "Fecha:"}},
	"due_date":        {"en": {"Due Date:", "Payment due:"}, "tr": {"Son Ödeme Tarihi:", "Vade Tarihi:"}, "de": {"Fälligkeitsdatum:", "Zahlbar bis:"}, "fr": {"Date d'échéance :", "Échéance :"}, "es": {"Fecha de vencimiento:", "Vencimiento:"}},
	"vendor_name":     {"en": {"Seller:", "From:", "Supplier:"}, "tr": {"Satıcı:", "Düzenleyen:"}, "de": {"Verkäufer:", "Lieferant:"}, "fr": {"Vendeur :", "Fournisseur :"}, "es": {"Vendedor:", "Proveedor:", "Emisor:"}},
	"customer_name":   {"en": {"Bill to:", "Customer:", "Billed to:"}, "tr": {"Alıcı:", "Müşteri:", "Sayın"}, "de": {"Kunde:", "Rechnungsempfänger:"}, "fr": {"Client :", "Facturé à :"}, "es": {"Cliente:", "Facturar a:"}},
	"vendor_tax_id":   {"en": {"VAT No:", "Tax ID:"}, "tr": {"VKN:", "Vergi No:"}, "de": {"USt-IdNr.:", "Steuernummer:"}, "fr": {"N° TVA :", "SIRET :"}, "es": {"NIF:", "CIF:"}},
	"iban":            {"en": {"IBAN:"}, "tr": {"IBAN:", "IBAN No:"}, "de": {"IBAN:"}, "fr": {"IBAN :"}, "es": {"IBAN:"}},
	"currency":        {"en": {"Currency:"}, "tr": {"Para Birimi:", "Döviz:"}, "de": {"Währung:"}, "fr": {"Devise :"}, "es": {"Moneda:", "Divisa:"}},
	"subtotal":        {"en": {"Subtotal", "Net amount"}, "tr": {"Ara Toplam", "Matrah"}, "de": {"Zwischensumme", "Nettobetrag"}, "fr": {"Total HT", "Sous-total"}, "es": {"Base imponible", "Subtotal"}},
	"tax_amount":      {"en": {"VAT 20%", "Tax", "Sales tax"}, "tr": {"KDV %20", "Hesaplanan KDV"}, "de": {"MwSt. 19%", "USt. 19%"}, "fr": {"TVA 20 %", "Montant TVA"}, "es": {"IVA 21%", "Cuota IVA"}},
	"total_amount":    {"en": {"Total", "Amount due", "Grand total"}, "tr": {"Genel Toplam", "Ödenecek Tutar"}, "de": {"Gesamtbetrag", "Rechnungsbetrag"}, "fr": {"Total TTC", "Net à payer"}, "es": {"Total factura", "Importe total"}},
	"merchant_name":   {"en": {"Store:"}, "tr": {"Mağaza:"}, "de": {"Filiale:"}, "fr": {"Magasin :"}, "es": {"Tienda:"}},
	"date":            {"en": {"Date:"}, "tr": {"Tarih:"}, "de": {"Datum:"}, "fr": {"Date :"}, "es": {"Fecha:"}},
	"receipt_number":  {"en": {"Receipt No:"}, "tr": {"Fiş No:"}, "de": {"Beleg-Nr.:", "Bon-Nr.:"}, "fr": {"Ticket n°"}, "es": {"Ticket nº", "Nº ticket:"}},
	"payment_method":  {"en": {"Payment method:", "Paid by:"}, "tr": {"Ödeme Şekli:"}, "de": {"Zahlungsart:"}, "fr": {"Mode de paiement :"}, "es": {"Forma de pago:"}},
	"employee_name":   {"en": {"Employee:", "Employee name:"}, "tr": {"Adı Soyadı:", "Personel:"}, "de": {"Mitarbeiter:", "Arbeitnehmer:"}, "fr": {"Salarié :", "Nom du salarié :"}, "es": {"Trabajador:", "Empleado:"}},
	"employee_id":     {"en": {"Employee ID:", "Employee No:"}, "tr": {"Sicil No:", "Personel No:"}, "de": {"Personalnummer:", "Personal-Nr.:"}, "fr": {"Matricule :"}, "es": {"Nº empleado:", "Matrícula:"}},
	"employer_name":   {"en": {"Employer:", "Company:"}, "tr": {"İşveren:", "Firma:"}, "de": {"Arbeitgeber:", "Firma:"}, "fr": {"Employeur :", "Entreprise :"}, "es": {"Empresa:", "Empleador:"}},
	"period":          {"en": {"Pay period:", "Period:"}, "tr": {"Bordro Dönemi:", "Dönem:"}, "de": {"Abrechnungszeitraum:", "Zeitraum:"}, "fr": {"Période :", "Période de paie :"}, "es": {"Periodo:", "Periodo de liquidación:"}},
	"gross_pay":       {"en": {"Gross pay", "Gross salary"}, "tr": {"Brüt Ücret", "Toplam Kazanç"}, "de": {"Bruttolohn", "Gesamtbrutto"}, "fr": {"Salaire brut", "Total brut"}, "es": {"Total devengado", "Salario bruto"}},
	"deductions":      {"en": {"Total deductions", "Deductions"}, "tr": {"Toplam Kesinti", "Kesintiler"}, "de": {"Summe Abzüge", "Abzüge"}, "fr": {"Total retenues", "Cotisations"}, "es": {"Total deducciones", "Deducciones"}},
	"net_pay":         {"en": {"Net pay", "Take home pay"}, "tr": {"Net Ödenen", "Net Ücret"}, "de": {"Auszahlungsbetrag", "Nettolohn"}, "fr": {"Net à payer", "Salaire net"}, "es": {"Líquido a percibir", "Salario neto"}},
	"po_number":       {"en": {"PO Number:", "Order No:"}, "tr": {"Sipariş No:"}, "de": {"Bestellnummer:", "Bestell-Nr.:"}, "fr": {"N° de commande :", "Bon de commande n°"}, "es": {"Nº de pedido:", "Número de pedido:"}},
	"order_date":      {"en": {"Order date:", "Date:"}, "tr": {"Sipariş Tarihi:"}, "de": {"Bestelldatum:"}, "fr": {"Date de commande :"}, "es": {"Fecha de pedido:"}},
	"delivery_date":   {"en": {"Delivery date:", "Deliver by:"}, "tr": {"Teslim Tarihi:"}, "de": {"Liefertermin:", "Lieferdatum:"}, "fr": {"Date de livraison :"}, "es": {"Fecha de entrega:"}},
	"buyer_name":      {"en": {"Buyer:", "Ordered by:"}, "tr": {"Sipariş Veren:", "Alıcı:"}, "de": {"Besteller:", "Auftraggeber:"}, "fr": {"Acheteur :", "Donneur d'ordre :"}, "es": {"Comprador:"}},
	"supplier_name":   {"en": {"Supplier:", "Vendor:"}, "tr": {"Tedarikçi:"}, "de": {"Lieferant:"}, "fr": {"Fournisseur :"}, "es": {"Proveedor:"}},
	"account_holder":  {"en": {"Account holder:"}, "tr": {"Hesap Sahibi:"}, "de": {"Kontoinhaber:"}, "fr": {"Titulaire du compte :", "Titulaire :"}, "es": {"Titular:", "Titular de la cuenta:"}},
	"bank_name":       {"en": {"Bank:"}, "tr": {"Banka:"}, "de": {"Bank:", "Kreditinstitut:"}, "fr": {"Banque :"}, "es": {"Banco:", "Entidad:"}},
	"opening_balance": {"en": {"Opening balance", "Previous balance"}, "tr": {"Açılış Bakiyesi", "Önceki Bakiye"}, "de": {"Anfangssaldo", "Alter Kontostand"}, "fr": {"Solde initial", "Ancien solde"}, "es": {"Saldo inicial", "Saldo anterior"}},
	"closing_balance": {"en": {"Closing balance", "New balance"}, "tr": {"Kapanış Bakiyesi", "Yeni Bakiye"}, "de": {"Endsaldo", "Neuer Kontostand"}, "fr": {"Solde final", "Nouveau solde"}, "es": {"Saldo final", "Nuevo saldo"}},
	// Column headings.
	"description": {"en": {"Description", "Item"}, "tr": {"Açıklama", "Ürün"}, "de": {"Beschreibung", "Bezeichnung"}, "fr": {"Désignation", "Description"}, "es": {"Descripción", "Concepto"}},
	"quantity":    {"en": {"Qty", "Quantity"}, "tr": {"Miktar", "Adet"}, "de": {"Menge", "Anzahl"}, "fr": {"Qté", "Quantité"}, "es": {"Cantidad", "Cant."}},
	"unit_price":  {"en": {"Unit price", "Price"}, "tr": {"Birim Fiyat"}, "de": {"Einzelpreis", "Preis"}, "fr": {"Prix unitaire", "P.U."}, "es": {"Precio unitario", "Precio"}},
	"amount":      {"en": {"Amount", "Total"}, "tr": {"Tutar", "Toplam"}, "de": {"Betrag", "Gesamt"}, "fr": {"Montant", "Total"}, "es": {"Importe", "Total"}},
	"vat_rate":    {"en": {"VAT %", "Tax"}, "tr": {"KDV %", "KDV"}, "de": {"MwSt. %", "USt."}, "fr": {"TVA %", "TVA"}, "es": {"IVA %", "IVA"}},
	"pos":         {"en": {"#", "No."}, "tr": {"Sıra", "#"}, "de": {"Pos.", "#"}, "fr": {"#", "Réf."}, "es": {"#", "Ref."}},
	"tx_date":     {"en": {"Date"}, "tr": {"Tarih"}, "de": {"Datum"}, "fr": {"Date"}, "es": {"Fecha"}},
	"balance":     {"en": {"Balance"}, "tr": {"Bakiye"}, "de": {"Saldo"}, "fr": {"Solde"}, "es": {"Saldo"}},
}

// titles are the document headings per type and language.
var titles = map[string]map[string][]string{
	"invoice":        {"en": {"INVOICE", "Tax Invoice"}, "tr": {"FATURA", "e-Arşiv Fatura"}, "de": {"RECHNUNG", "Rechnung"}, "fr": {"FACTURE", "Facture"}, "es": {"FACTURA", "Factura"}},
	"receipt":        {"en": {"RECEIPT", "Sales Receipt"}, "tr": {"SATIŞ FİŞİ", "Fiş"}, "de": {"KASSENBON", "Quittung"}, "fr": {"TICKET DE CAISSE", "Reçu"}, "es": {"TICKET DE COMPRA", "Recibo"}},
	"payroll":        {"en": {"PAYSLIP", "Pay Slip"}, "tr": {"ÜCRET BORDROSU", "Maaş Bordrosu"}, "de": {"Gehaltsabrechnung", "Lohnabrechnung"}, "fr": {"BULLETIN DE PAIE", "Bulletin de salaire"}, "es": {"NÓMINA", "Recibo de salarios"}},
	"purchase_order": {"en": {"PURCHASE ORDER", "Purchase Order"}, "tr": {"SATIN ALMA SİPARİŞİ", "Sipariş Formu"}, "de": {"BESTELLUNG", "Bestellung"}, "fr": {"BON DE COMMANDE", "Bon de commande"}, "es": {"ORDEN DE COMPRA", "Pedido"}},
	"bank_statement": {"en": {"ACCOUNT STATEMENT", "Bank Statement"}, "tr": {"HESAP EKSTRESİ", "Hesap Özeti"}, "de": {"KONTOAUSZUG", "Kontoauszug"}, "fr": {"RELEVÉ DE COMPTE", "Relevé bancaire"}, "es": {"EXTRACTO BANCARIO", "Extracto de cuenta"}},
}

var monthNames = map[string][]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"tr": {"Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık"},
	"de": {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
}

var companies = map[string][]string{
	"en": {"Blue Harbor Ltd", "Northgate Supplies Inc.", "Crescent Analytics LLC", "Redwood Office Co.", "Summit Parts Ltd"},
	"tr": {"Atlas Yapı Ltd. Şti.", "Deniz Gıda A.Ş.", "Kuzey Lojistik Ltd. Şti.", "Ege Tekstil A.Ş.", "Başak Bilişim Ltd. Şti."},
	"de": {"Nordwind Handels GmbH", "Bergmann & Söhne KG", "Rheinpark Technik AG", "Lindner Büro GmbH", "Falk Logistik GmbH"},
	"fr": {"Soleil Conseil SARL", "Atelier Dupré SAS", "Maison Lefèvre SA", "Bureau Moderne SARL", "Transports Girard SAS"},
	"es": {"Iberia Soluciones S.L.", "Distribuciones Ortega S.A.", "Talleres Navarro S.L.", "Grupo Alba S.A.", "Papelería Ruiz S.L."},
}

var people = map[string][]string{
	"en": {"John Carter", "Emily Brooks", "Michael Turner", "Sarah Collins"},
	"tr": {"Ayşe Yılmaz", "Mehmet Öztürk", "Zeynep Çelik", "İbrahim Şahin"},
	"de": {"Jürgen Müller", "Anna Schröder", "Stefan Weiß", "Katrin Böhm"},
	"fr": {"Émilie Durand", "François Moreau", "Hélène Petit", "Jérôme Lambert"},
	"es": {"José Martínez", "Lucía Fernández", "Íñigo Sánchez", "María Gómez"},
}

var products = map[string][]string{
	"en": {"Office chair", "Printer paper A4", "Consulting hours", "USB-C cable", "Desk lamp", "Software licence", "Toner cartridge"},
	"tr": {"Ofis koltuğu", "A4 fotokopi kağıdı", "Danışmanlık saati", "USB kablo", "Masa lambası", "Yazılım lisansı", "Toner kartuşu"},
	"de": {"Bürostuhl", "Druckerpapier A4", "Beratungsstunden", "USB-Kabel", "Schreibtischlampe", "Softwarelizenz", "Tonerkartusche"},
	"fr": {"Chaise de bureau", "Papier A4", "Heures de conseil", "Câble USB", "Lampe de bureau", "Licence logiciel", "Cartouche toner"},
	"es": {"Silla de oficina", "Papel A4", "Horas de consultoría", "Cable USB", "Lámpara de escritorio", "Licencia de software", "Cartucho de tóner"},
}

var banks = map[string][]string{
	"en": {"First City Bank", "Harbor Savings Bank"}, "tr": {"Anadolu Bankası", "Marmara Katılım Bankası"},
	"de": {"Sparkasse Rheinland", "Volksbank Nord"}, "fr": {"Banque du Midi", "Crédit Régional"}, "es": {"Banco del Sur", "Caja Rural Norte"},
}

var payMethods = map[string][]string{
	"en": {"Card", "Cash"}, "tr": {"Nakit", "Kredi Kartı"}, "de": {"Karte", "Bar"}, "fr": {"Carte", "Espèces"}, "es": {"Tarjeta", "Efectivo"},
}

var streets = map[string][]string{
	"en": {"12 High Street", "480 Market Ave, Suite 5"}, "tr": {"Atatürk Cad. No: 12", "Cumhuriyet Mah. 45. Sok. No: 3"},
	"de": {"Hauptstraße 12", "Industriestr. 7a"}, "fr": {"12 rue de la Paix", "8 avenue Victor Hugo"}, "es": {"Calle Mayor 12", "Avda. de la Constitución 8"},
}

var cities = map[string][]string{
	"en": {"London EC1A 1BB", "Manchester M1 2AB"}, "tr": {"34000 İstanbul", "06100 Ankara"},
	"de": {"10115 Berlin", "50667 Köln"}, "fr": {"75002 Paris", "69001 Lyon"}, "es": {"28013 Madrid", "41001 Sevilla"},
}
