/** Hand-written `$metadata` for the parts of the two services the sandbox serves (not SAP's full documents). */
const edmx = (ns: string, body: string) => `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xmlns:sap="http://www.sap.com/Protocols/SAPData">
 <edmx:DataServices m:DataServiceVersion="2.0">
  <Schema Namespace="${ns}" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">
${body}
  </Schema>
 </edmx:DataServices>
</edmx:Edmx>`;

export const SAP_METADATA = {
  conf: edmx(
    'API_PROD_ORDER_CONFIRMATION_2_SRV',
    `   <EntityType Name="A_ProdnOrdConf2Type">
    <Key><PropertyRef Name="ConfirmationGroup"/><PropertyRef Name="ConfirmationCount"/></Key>
    <Property Name="ConfirmationGroup" Type="Edm.String" MaxLength="10" Nullable="false"/>
    <Property Name="ConfirmationCount" Type="Edm.String" MaxLength="8" Nullable="false"/>
    <Property Name="OrderID" Type="Edm.String" MaxLength="12"/>
    <Property Name="OrderOperation" Type="Edm.String" MaxLength="4"/>
    <Property Name="Sequence" Type="Edm.String" MaxLength="6"/>
    <Property Name="Plant" Type="Edm.String" MaxLength="4"/>
    <Property Name="WorkCenter" Type="Edm.String" MaxLength="8"/>
    <Property Name="PostingDate" Type="Edm.DateTime" Precision="0"/>
    <Property Name="ConfirmationUnit" Type="Edm.String" MaxLength="3"/>
    <Property Name="ConfirmationYieldQuantity" Type="Edm.Decimal" Precision="13" Scale="3"/>
    <Property Name="ConfirmationScrapQuantity" Type="Edm.Decimal" Precision="13" Scale="3"/>
    <Property Name="ConfirmationReworkQuantity" Type="Edm.Decimal" Precision="13" Scale="3"/>
    <Property Name="VarianceReasonCode" Type="Edm.String" MaxLength="4"/>
    <Property Name="IsFinalConfirmation" Type="Edm.Boolean"/>
    <Property Name="ExternalSystemConfirmation" Type="Edm.Guid"/>
    <Property Name="ConfirmationText" Type="Edm.String" MaxLength="40"/>
    <Property Name="EnteredByExternalUser" Type="Edm.String" MaxLength="12"/>
    <Property Name="IsReversed" Type="Edm.Boolean"/>
   </EntityType>
   <EntityContainer Name="API_PROD_ORDER_CONFIRMATION_2_SRV_Entities" m:IsDefaultEntityContainer="true">
    <EntitySet Name="ProdnOrdConf2" EntityType="API_PROD_ORDER_CONFIRMATION_2_SRV.A_ProdnOrdConf2Type"/>
    <FunctionImport Name="CancelProdnOrdConf" ReturnType="API_PROD_ORDER_CONFIRMATION_2_SRV.A_ProdnOrdConf2Type" EntitySet="ProdnOrdConf2" m:HttpMethod="POST">
     <Parameter Name="ConfirmationGroup" Type="Edm.String" Mode="In" MaxLength="10"/>
     <Parameter Name="ConfirmationCount" Type="Edm.String" Mode="In" MaxLength="8"/>
    </FunctionImport>
   </EntityContainer>`,
  ),
  order: edmx(
    'API_PRODUCTION_ORDER_2_SRV',
    `   <EntityType Name="A_ProductionOrder_2Type">
    <Key><PropertyRef Name="ManufacturingOrder"/></Key>
    <Property Name="ManufacturingOrder" Type="Edm.String" MaxLength="12" Nullable="false"/>
    <Property Name="ManufacturingOrderType" Type="Edm.String" MaxLength="4"/>
    <Property Name="Material" Type="Edm.String" MaxLength="40"/>
    <Property Name="ProductionPlant" Type="Edm.String" MaxLength="4"/>
    <Property Name="TotalQuantity" Type="Edm.Decimal" Precision="13" Scale="3"/>
    <Property Name="MfgOrderConfirmedYieldQty" Type="Edm.Decimal" Precision="13" Scale="3"/>
    <Property Name="ProductionUnit" Type="Edm.String" MaxLength="3"/>
    <Property Name="OrderIsReleased" Type="Edm.String" MaxLength="1"/>
    <Property Name="OrderIsClosed" Type="Edm.String" MaxLength="1"/>
    <Property Name="OrderIsLocked" Type="Edm.String" MaxLength="1"/>
    <Property Name="LastChangeDateTime" Type="Edm.String" MaxLength="14"/>
   </EntityType>
   <EntityType Name="A_ProductionOrderOperation_2Type">
    <Key><PropertyRef Name="ManufacturingOrder"/><PropertyRef Name="ManufacturingOrderSequence"/><PropertyRef Name="ManufacturingOrderOperation"/></Key>
    <Property Name="ManufacturingOrder" Type="Edm.String" MaxLength="12" Nullable="false"/>
    <Property Name="ManufacturingOrderSequence" Type="Edm.String" MaxLength="6" Nullable="false"/>
    <Property Name="ManufacturingOrderOperation" Type="Edm.String" MaxLength="4" Nullable="false"/>
    <Property Name="MfgOrderOperationText" Type="Edm.String" MaxLength="40"/>
    <Property Name="WorkCenter" Type="Edm.String" MaxLength="8"/>
    <Property Name="OpPlannedTotalQuantity" Type="Edm.Decimal" Precision="13" Scale="3"/>
    <Property Name="OpTotalConfirmedYieldQty" Type="Edm.Decimal" Precision="13" Scale="3"/>
    <Property Name="OpTotalConfirmedScrapQty" Type="Edm.Decimal" Precision="13" Scale="3"/>
    <Property Name="OperationUnit" Type="Edm.String" MaxLength="3"/>
    <Property Name="OperationIsReleased" Type="Edm.String" MaxLength="1"/>
    <Property Name="OperationIsConfirmed" Type="Edm.String" MaxLength="1"/>
    <Property Name="OperationIsDeleted" Type="Edm.String" MaxLength="1"/>
    <Property Name="LastChangeDateTime" Type="Edm.String" MaxLength="14"/>
   </EntityType>
   <EntityContainer Name="API_PRODUCTION_ORDER_2_SRV_Entities" m:IsDefaultEntityContainer="true">
    <EntitySet Name="A_ProductionOrder_2" EntityType="API_PRODUCTION_ORDER_2_SRV.A_ProductionOrder_2Type"/>
    <EntitySet Name="A_ProductionOrderOperation_2" EntityType="API_PRODUCTION_ORDER_2_SRV.A_ProductionOrderOperation_2Type"/>
   </EntityContainer>`,
  ),
};
