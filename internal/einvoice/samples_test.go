package einvoice

import (
	"strings"
	"testing"
)

// Hand-written documents, one per syntax, written from the specifications
// with invented values. Each exercises the optional parts a mapper can
// get wrong: a second TaxTotal, a tax representative of the VAT id, an
// attachment, a payment account.

const ublInvoice = `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
 <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
 <cbc:ID>INV-7</cbc:ID>
 <cbc:IssueDate>2024-03-01</cbc:IssueDate>
 <cbc:DueDate>2024-03-31</cbc:DueDate>
 <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
 <cbc:Note>First   note
   wrapped</cbc:Note>
 <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
 <cbc:TaxCurrencyCode>SEK</cbc:TaxCurrencyCode>
 <cbc:BuyerReference>REF-1</cbc:BuyerReference>
 <cac:AdditionalDocumentReference>
  <cbc:ID>ATT-1</cbc:ID>
  <cbc:DocumentDescription>Timesheet</cbc:DocumentDescription>
  <cac:Attachment>
   <cbc:EmbeddedDocumentBinaryObject mimeCode="text/plain" filename="../sheet.txt">aGVsbG8g
d29ybGQ=</cbc:EmbeddedDocumentBinaryObject>
  </cac:Attachment>
 </cac:AdditionalDocumentReference>
 <cac:AccountingSupplierParty><cac:Party>
  <cbc:EndpointID schemeID="0088">7300010000001</cbc:EndpointID>
  <cac:PartyIdentification><cbc:ID schemeID="0088">7300010000002</cbc:ID></cac:PartyIdentification>
  <cac:PartyName><cbc:Name>Acme Trading</cbc:Name></cac:PartyName>
  <cac:PostalAddress>
   <cbc:StreetName>Main Street 1</cbc:StreetName>
   <cbc:AdditionalStreetName>Back door</cbc:AdditionalStreetName>
   <cbc:CityName>Springfield</cbc:CityName>
   <cbc:PostalZone>12345</cbc:PostalZone>
   <cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country>
  </cac:PostalAddress>
  <cac:PartyTaxScheme><cbc:CompanyID>DE000000001</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
  <cac:PartyTaxScheme><cbc:CompanyID>201/113/40209</cbc:CompanyID><cac:TaxScheme><cbc:ID>FC</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
  <cac:PartyLegalEntity><cbc:RegistrationName>Acme Trading GmbH</cbc:RegistrationName><cbc:CompanyID schemeID="0002">HRB 1</cbc:CompanyID></cac:PartyLegalEntity>
  <cac:Contact><cbc:Name>Jo</cbc:Name><cbc:Telephone>+49 1</cbc:Telephone><cbc:ElectronicMail>jo@example.com</cbc:ElectronicMail></cac:Contact>
 </cac:Party></cac:AccountingSupplierParty>
 <cac:AccountingCustomerParty><cac:Party>
  <cac:PartyName><cbc:Name>Buyer Ltd</cbc:Name></cac:PartyName>
  <cac:PartyTaxScheme><cbc:CompanyID>FR00000000002</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
 </cac:Party></cac:AccountingCustomerParty>
 <cac:PaymentMeans>
  <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
  <cbc:PaymentID>PAY-7</cbc:PaymentID>
  <cac:PayeeFinancialAccount>
   <cbc:ID>DE02 1203 0000 0000 2020 51</cbc:ID>
   <cbc:Name>Acme</cbc:Name>
   <cac:FinancialInstitutionBranch><cbc:ID>BYLADEM1001</cbc:ID></cac:FinancialInstitutionBranch>
  </cac:PayeeFinancialAccount>
 </cac:PaymentMeans>
 <cac:PaymentTerms><cbc:Note>30 days net</cbc:Note></cac:PaymentTerms>
 <cac:TaxTotal><cbc:TaxAmount currencyID="SEK">220.00</cbc:TaxAmount></cac:TaxTotal>
 <cac:TaxTotal>
  <cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>
  <cac:TaxSubtotal>
   <cbc:TaxableAmount currencyID="EUR">100.00</cbc:TaxableAmount>
   <cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>
   <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
  </cac:TaxSubtotal>
 </cac:TaxTotal>
 <cac:LegalMonetaryTotal>
  <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
  <cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
  <cbc:TaxInclusiveAmount currencyID="EUR">119.00</cbc:TaxInclusiveAmount>
  <cbc:PrepaidAmount currencyID="EUR">10.00</cbc:PrepaidAmount>
  <cbc:PayableAmount currencyID="EUR">109.00</cbc:PayableAmount>
 </cac:LegalMonetaryTotal>
 <cac:InvoiceLine>
  <cbc:ID>1</cbc:ID>
  <cbc:InvoicedQuantity unitCode="HUR">2.500</cbc:InvoicedQuantity>
  <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
  <cac:Item>
   <cbc:Description>Hours of consulting</cbc:Description>
   <cbc:Name>Consulting</cbc:Name>
   <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>
  </cac:Item>
  <cac:Price><cbc:PriceAmount currencyID="EUR">40.00</cbc:PriceAmount></cac:Price>
  <cac:SubInvoiceLine><cbc:ID>1.1</cbc:ID></cac:SubInvoiceLine>
 </cac:InvoiceLine>
</Invoice>`

const ublCreditNote = `<?xml version="1.0" encoding="UTF-8"?>
<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>
 <cbc:ID>CN-1</cbc:ID>
 <cbc:IssueDate>2024-04-02</cbc:IssueDate>
 <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>
 <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
 <cac:AccountingSupplierParty><cac:Party>
  <cac:Person><cbc:FirstName>Ada</cbc:FirstName><cbc:FamilyName>Lovelace</cbc:FamilyName></cac:Person>
 </cac:Party></cac:AccountingSupplierParty>
 <cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cbc:PaymentDueDate>2024-05-01</cbc:PaymentDueDate></cac:PaymentMeans>
 <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">1.90</cbc:TaxAmount></cac:TaxTotal>
 <cac:LegalMonetaryTotal>
  <cbc:TaxExclusiveAmount currencyID="EUR">10</cbc:TaxExclusiveAmount>
  <cbc:TaxInclusiveAmount currencyID="EUR">11.90</cbc:TaxInclusiveAmount>
  <cbc:PayableAmount currencyID="EUR">11.90</cbc:PayableAmount>
 </cac:LegalMonetaryTotal>
 <cac:CreditNoteLine>
  <cbc:ID>1</cbc:ID>
  <cbc:CreditedQuantity unitCode="C62">1</cbc:CreditedQuantity>
  <cbc:LineExtensionAmount currencyID="EUR">10</cbc:LineExtensionAmount>
  <cac:Item><cbc:Name>Returned widget</cbc:Name></cac:Item>
  <cac:Price><cbc:PriceAmount currencyID="EUR">10</cbc:PriceAmount><cbc:BaseQuantity unitCode="C62">1</cbc:BaseQuantity></cac:Price>
 </cac:CreditNoteLine>
</CreditNote>`

const ublTR = `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:UBLVersionID>2.1</cbc:UBLVersionID>
 <cbc:CustomizationID>TR1.2</cbc:CustomizationID>
 <cbc:ProfileID>EARSIVFATURA</cbc:ProfileID>
 <cbc:ID>ABC2024000000001</cbc:ID>
 <cbc:IssueDate>2024-01-15</cbc:IssueDate>
 <cbc:InvoiceTypeCode>SATIS</cbc:InvoiceTypeCode>
 <cbc:DocumentCurrencyCode>TRY</cbc:DocumentCurrencyCode>
 <cac:AdditionalDocumentReference>
  <cbc:ID>x</cbc:ID>
  <cac:Attachment><cbc:EmbeddedDocumentBinaryObject characterSetCode="UTF-8" encodingCode="Base64" filename="view.xslt" mimeCode="application/xml">PHhzbC8+</cbc:EmbeddedDocumentBinaryObject></cac:Attachment>
 </cac:AdditionalDocumentReference>
 <cac:Signature><cac:SignatoryParty><cac:PartyIdentification><cbc:ID schemeID="VKN">9999999999</cbc:ID></cac:PartyIdentification></cac:SignatoryParty></cac:Signature>
 <cac:AccountingSupplierParty><cac:Party>
  <cac:PartyIdentification><cbc:ID schemeID="VKN">1234567890</cbc:ID></cac:PartyIdentification>
  <cac:PartyIdentification><cbc:ID schemeID="MERSISNO">0123456789000010</cbc:ID></cac:PartyIdentification>
  <cac:PartyName><cbc:Name>Örnek Ticaret A.Ş.</cbc:Name></cac:PartyName>
  <cac:PartyTaxScheme><cac:TaxScheme><cbc:Name>Merkez VD</cbc:Name></cac:TaxScheme></cac:PartyTaxScheme>
 </cac:Party></cac:AccountingSupplierParty>
 <cac:AccountingCustomerParty><cac:Party>
  <cac:PartyIdentification><cbc:ID schemeID="TCKN">10000000146</cbc:ID></cac:PartyIdentification>
  <cac:Person><cbc:FirstName>Ayşe</cbc:FirstName><cbc:FamilyName>Yılmaz</cbc:FamilyName></cac:Person>
 </cac:Party></cac:AccountingCustomerParty>
 <cac:TaxTotal><cbc:TaxAmount currencyID="TRY">18.00</cbc:TaxAmount></cac:TaxTotal>
 <cac:WithholdingTaxTotal><cbc:TaxAmount currencyID="TRY">9.00</cbc:TaxAmount></cac:WithholdingTaxTotal>
 <cac:LegalMonetaryTotal>
  <cbc:LineExtensionAmount currencyID="TRY">100.00</cbc:LineExtensionAmount>
  <cbc:TaxExclusiveAmount currencyID="TRY">100.00</cbc:TaxExclusiveAmount>
  <cbc:TaxInclusiveAmount currencyID="TRY">118.00</cbc:TaxInclusiveAmount>
  <cbc:PayableAmount currencyID="TRY">109.00</cbc:PayableAmount>
 </cac:LegalMonetaryTotal>
 <cac:InvoiceLine>
  <cbc:ID>1</cbc:ID>
  <cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
  <cbc:LineExtensionAmount currencyID="TRY">100</cbc:LineExtensionAmount>
  <cac:TaxTotal><cbc:TaxAmount currencyID="TRY">18</cbc:TaxAmount><cac:TaxSubtotal><cbc:TaxAmount currencyID="TRY">18</cbc:TaxAmount><cbc:Percent>18</cbc:Percent><cac:TaxCategory><cac:TaxScheme><cbc:Name>KDV</cbc:Name><cbc:TaxTypeCode>0015</cbc:TaxTypeCode></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>
  <cac:Item><cbc:Name>Hizmet</cbc:Name></cac:Item>
  <cac:Price><cbc:PriceAmount currencyID="TRY">100</cbc:PriceAmount></cac:Price>
 </cac:InvoiceLine>
</Invoice>`

const ciiInvoice = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocumentContext>
  <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
 </rsm:ExchangedDocumentContext>
 <rsm:ExchangedDocument>
  <ram:ID>C-42</ram:ID>
  <ram:TypeCode>380</ram:TypeCode>
  <ram:IssueDateTime><udt:DateTimeString format="102">20240305</udt:DateTimeString></ram:IssueDateTime>
  <ram:IncludedNote><ram:Content>Thanks</ram:Content></ram:IncludedNote>
 </rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
  <ram:IncludedSupplyChainTradeLineItem>
   <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
   <ram:SpecifiedTradeProduct><ram:Name>Bolts</ram:Name><ram:Description>M8 steel</ram:Description></ram:SpecifiedTradeProduct>
   <ram:SpecifiedLineTradeAgreement>
    <ram:GrossPriceProductTradePrice><ram:ChargeAmount>0.60</ram:ChargeAmount></ram:GrossPriceProductTradePrice>
    <ram:NetPriceProductTradePrice><ram:ChargeAmount>0.5000</ram:ChargeAmount><ram:BasisQuantity unitCode="H87">1</ram:BasisQuantity></ram:NetPriceProductTradePrice>
   </ram:SpecifiedLineTradeAgreement>
   <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="H87">200</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
   <ram:SpecifiedLineTradeSettlement>
    <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>7</ram:RateApplicablePercent></ram:ApplicableTradeTax>
    <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>100.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
   </ram:SpecifiedLineTradeSettlement>
  </ram:IncludedSupplyChainTradeLineItem>
  <ram:IncludedSupplyChainTradeLineItem>
   <ram:AssociatedDocumentLineDocument><ram:LineID>2</ram:LineID><ram:IncludedNote><ram:Content>A free-text line</ram:Content></ram:IncludedNote></ram:AssociatedDocumentLineDocument>
  </ram:IncludedSupplyChainTradeLineItem>
  <ram:ApplicableHeaderTradeAgreement>
   <ram:BuyerReference>04011000-12345-34</ram:BuyerReference>
   <ram:SellerTradeParty>
    <ram:ID>S-1</ram:ID>
    <ram:GlobalID schemeID="0088">4000001123452</ram:GlobalID>
    <ram:Name>Bolt Works AG</ram:Name>
    <ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">HRB 2</ram:ID><ram:TradingBusinessName>Bolt Works</ram:TradingBusinessName></ram:SpecifiedLegalOrganization>
    <ram:DefinedTradeContact><ram:PersonName>Max</ram:PersonName><ram:TelephoneUniversalCommunication><ram:CompleteNumber>+49 2</ram:CompleteNumber></ram:TelephoneUniversalCommunication><ram:EmailURIUniversalCommunication><ram:URIID>max@example.com</ram:URIID></ram:EmailURIUniversalCommunication></ram:DefinedTradeContact>
    <ram:PostalTradeAddress><ram:PostcodeCode>10115</ram:PostcodeCode><ram:LineOne>Weg 5</ram:LineOne><ram:CityName>Berlin</ram:CityName><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
    <ram:URIUniversalCommunication><ram:URIID schemeID="EM">inv@example.com</ram:URIID></ram:URIUniversalCommunication>
    <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">12/345/67890</ram:ID></ram:SpecifiedTaxRegistration>
    <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE000000002</ram:ID></ram:SpecifiedTaxRegistration>
   </ram:SellerTradeParty>
   <ram:BuyerTradeParty><ram:Name>Shop KG</ram:Name></ram:BuyerTradeParty>
   <ram:AdditionalReferencedDocument>
    <ram:IssuerAssignedID>A1</ram:IssuerAssignedID>
    <ram:TypeCode>916</ram:TypeCode>
    <ram:Name>Delivery note</ram:Name>
    <ram:AttachmentBinaryObject mimeCode="application/pdf" filename="note.pdf">JVBERi0xLjQK</ram:AttachmentBinaryObject>
   </ram:AdditionalReferencedDocument>
  </ram:ApplicableHeaderTradeAgreement>
  <ram:ApplicableHeaderTradeDelivery/>
  <ram:ApplicableHeaderTradeSettlement>
   <ram:PaymentReference>C-42</ram:PaymentReference>
   <ram:TaxCurrencyCode>USD</ram:TaxCurrencyCode>
   <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   <ram:SpecifiedTradeSettlementPaymentMeans>
    <ram:TypeCode>58</ram:TypeCode>
    <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>DE75512108001245126199</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>
    <ram:PayeeSpecifiedCreditorFinancialInstitution><ram:BICID>SOGEDEFFXXX</ram:BICID></ram:PayeeSpecifiedCreditorFinancialInstitution>
   </ram:SpecifiedTradeSettlementPaymentMeans>
   <ram:ApplicableTradeTax>
    <ram:CalculatedAmount>7.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>100.00</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>7.00</ram:RateApplicablePercent>
   </ram:ApplicableTradeTax>
   <ram:SpecifiedTradePaymentTerms><ram:Description>Net 14</ram:Description><ram:DueDateDateTime><udt:DateTimeString format="102">20240319</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
   <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    <ram:LineTotalAmount>100.00</ram:LineTotalAmount>
    <ram:ChargeTotalAmount>0.00</ram:ChargeTotalAmount>
    <ram:AllowanceTotalAmount>0.00</ram:AllowanceTotalAmount>
    <ram:TaxBasisTotalAmount>100.00</ram:TaxBasisTotalAmount>
    <ram:TaxTotalAmount currencyID="USD">7.60</ram:TaxTotalAmount>
    <ram:TaxTotalAmount currencyID="EUR">7.00</ram:TaxTotalAmount>
    <ram:GrandTotalAmount>107.00</ram:GrandTotalAmount>
    <ram:TotalPrepaidAmount>0.00</ram:TotalPrepaidAmount>
    <ram:DuePayableAmount>107.00</ram:DuePayableAmount>
   </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>`

const zugferd1Invoice = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15">
 <rsm:SpecifiedExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:ferd:CrossIndustryDocument:invoice:1p0:comfort</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:SpecifiedExchangedDocumentContext>
 <rsm:HeaderExchangedDocument><ram:ID>Z1-9</ram:ID><ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">20160102</udt:DateTimeString></ram:IssueDateTime></rsm:HeaderExchangedDocument>
 <rsm:SpecifiedSupplyChainTradeTransaction>
  <ram:ApplicableSupplyChainTradeAgreement>
   <ram:SellerTradeParty><ram:Name>Old Seller</ram:Name><ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE000000003</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty>
   <ram:BuyerTradeParty><ram:Name>Old Buyer</ram:Name></ram:BuyerTradeParty>
  </ram:ApplicableSupplyChainTradeAgreement>
  <ram:ApplicableSupplyChainTradeSettlement>
   <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   <ram:ApplicableTradeTax><ram:CalculatedAmount>3.80</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>20.00</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:ApplicablePercent>19.00</ram:ApplicablePercent></ram:ApplicableTradeTax>
   <ram:SpecifiedTradeSettlementMonetarySummation>
    <ram:LineTotalAmount currencyID="EUR">20.00</ram:LineTotalAmount>
    <ram:TaxBasisTotalAmount currencyID="EUR">20.00</ram:TaxBasisTotalAmount>
    <ram:TaxTotalAmount currencyID="EUR">3.80</ram:TaxTotalAmount>
    <ram:GrandTotalAmount currencyID="EUR">23.80</ram:GrandTotalAmount>
    <ram:DuePayableAmount currencyID="EUR">23.80</ram:DuePayableAmount>
   </ram:SpecifiedTradeSettlementMonetarySummation>
  </ram:ApplicableSupplyChainTradeSettlement>
  <ram:IncludedSupplyChainTradeLineItem>
   <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
   <ram:SpecifiedSupplyChainTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount currencyID="EUR">10.0000</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedSupplyChainTradeAgreement>
   <ram:SpecifiedSupplyChainTradeDelivery><ram:BilledQuantity unitCode="C62">2.0000</ram:BilledQuantity></ram:SpecifiedSupplyChainTradeDelivery>
   <ram:SpecifiedSupplyChainTradeSettlement>
    <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:ApplicablePercent>19.00</ram:ApplicablePercent></ram:ApplicableTradeTax>
    <ram:SpecifiedTradeSettlementMonetarySummation><ram:LineTotalAmount currencyID="EUR">20.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementMonetarySummation>
   </ram:SpecifiedSupplyChainTradeSettlement>
   <ram:SpecifiedTradeProduct><ram:Name>Widget</ram:Name></ram:SpecifiedTradeProduct>
  </ram:IncludedSupplyChainTradeLineItem>
 </rsm:SpecifiedSupplyChainTradeTransaction>
</rsm:CrossIndustryDocument>`

// fatturaPA1252 is declared windows-1252; fatturaPA1252Bytes encodes its
// accented letters that way, so a reader ignoring the prolog gets them
// wrong.
const fatturaPA1252 = `<?xml version="1.0" encoding="windows-1252"?>
<p:FatturaElettronica versione="FPR12" xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2"
 xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
 <FatturaElettronicaHeader>
  <DatiTrasmissione><CodiceDestinatario>0000000</CodiceDestinatario></DatiTrasmissione>
  <CedentePrestatore>
   <DatiAnagrafici>
    <IdFiscaleIVA><IdPaese>IT</IdPaese><IdCodice>01234567890</IdCodice></IdFiscaleIVA>
    <CodiceFiscale>01234567890</CodiceFiscale>
    <Anagrafica><Denominazione>Società Esempio S.r.l.</Denominazione></Anagrafica>
   </DatiAnagrafici>
   <Sede><Indirizzo>Via Roma</Indirizzo><NumeroCivico>1</NumeroCivico><CAP>00100</CAP><Comune>Roma</Comune><Provincia>RM</Provincia><Nazione>IT</Nazione></Sede>
  </CedentePrestatore>
  <CessionarioCommittente>
   <DatiAnagrafici>
    <CodiceFiscale>RSSMRA80A01H501U</CodiceFiscale>
    <Anagrafica><Nome>Mario</Nome><Cognome>Rossi</Cognome></Anagrafica>
   </DatiAnagrafici>
  </CessionarioCommittente>
 </FatturaElettronicaHeader>
 <FatturaElettronicaBody>
  <DatiGenerali><DatiGeneraliDocumento>
   <TipoDocumento>TD04</TipoDocumento><Divisa>EUR</Divisa><Data>2024-02-10</Data><Numero>NC/3</Numero>
   <Causale>Reso merce</Causale>
   <ImportoTotaleDocumento>134.20</ImportoTotaleDocumento>
  </DatiGeneraliDocumento></DatiGenerali>
  <DatiBeniServizi>
   <DettaglioLinee><NumeroLinea>1</NumeroLinea><Descrizione>Caffè</Descrizione><Quantita>2.00</Quantita><UnitaMisura>kg</UnitaMisura><PrezzoUnitario>50.00</PrezzoUnitario><PrezzoTotale>100.00</PrezzoTotale><AliquotaIVA>22.00</AliquotaIVA></DettaglioLinee>
   <DettaglioLinee><NumeroLinea>2</NumeroLinea><Descrizione>Libro</Descrizione><Quantita>1.00</Quantita><PrezzoUnitario>10.00</PrezzoUnitario><PrezzoTotale>10.00</PrezzoTotale><AliquotaIVA>4.00</AliquotaIVA></DettaglioLinee>
   <DatiRiepilogo><AliquotaIVA>22.00</AliquotaIVA><ImponibileImporto>100.00</ImponibileImporto><Imposta>22.00</Imposta></DatiRiepilogo>
   <DatiRiepilogo><AliquotaIVA>4.00</AliquotaIVA><ImponibileImporto>10.0</ImponibileImporto><Imposta>0.40</Imposta></DatiRiepilogo>
  </DatiBeniServizi>
  <DatiPagamento>
   <CondizioniPagamento>TP01</CondizioniPagamento>
   <DettaglioPagamento><ModalitaPagamento>MP05</ModalitaPagamento><DataScadenzaPagamento>2024-03-10</DataScadenzaPagamento><ImportoPagamento>66.30</ImportoPagamento><IBAN>IT60X0542811101000000123456</IBAN></DettaglioPagamento>
   <DettaglioPagamento><ModalitaPagamento>MP05</ModalitaPagamento><DataScadenzaPagamento>2024-04-10</DataScadenzaPagamento><ImportoPagamento>66.3</ImportoPagamento></DettaglioPagamento>
  </DatiPagamento>
  <Allegati><NomeAttachment>ddt.pdf</NomeAttachment><FormatoAttachment>PDF</FormatoAttachment><DescrizioneAttachment>Documento di trasporto</DescrizioneAttachment><Attachment>JVBERi0xLjcK</Attachment></Allegati>
 </FatturaElettronicaBody>
</p:FatturaElettronica>`

// toWindows1252 encodes the few non-ASCII letters the samples use.
func toWindows1252(t *testing.T, s string) []byte {
	t.Helper()
	var out []byte
	for _, r := range s {
		switch {
		case r < 0x80:
			out = append(out, byte(r))
		case r == 'à', r == 'è':
			out = append(out, byte(r)) // Latin-1 and windows-1252 agree here
		default:
			t.Fatalf("no windows-1252 byte for %q in the sample", r)
		}
	}
	return out
}

func mustParse(t *testing.T, doc []byte) *Invoice {
	t.Helper()
	inv, err := Parse(strings.NewReader(string(doc)), Limits{})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return inv
}
