/// About two hundred US cities, large and small, with a county, a ZIP code, coordinates and time zone,
/// over which the generator spreads its groups.
struct DemoCity: Sendable {
    let name: String
    let state: String
    let county: String
    let zip: String
    let latitude: Double
    let longitude: Double
    let timeZone: String

    static let all: [DemoCity] = table.split(separator: "\n").map { line in
        let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        return DemoCity(
            name: f[0], state: f[1], county: f[2], zip: f[3], latitude: Double(f[4])!, longitude: Double(f[5])!,
            timeZone: zones[f[6]]!)
    }

    private static let zones = [
        "E": "America/New_York", "C": "America/Chicago", "M": "America/Denver", "P": "America/Los_Angeles",
        "AZ": "America/Phoenix", "DT": "America/Detroit", "IN": "America/Indiana/Indianapolis",
        "KY": "America/Kentucky/Louisville", "BO": "America/Boise", "AK": "America/Anchorage", "HI": "Pacific/Honolulu",
    ]

    // name|state|county|zip|latitude|longitude|zone
    private static let table = """
        New York|NY|New York County|10001|40.7128|-74.0060|E
        Los Angeles|CA|Los Angeles County|90012|34.0522|-118.2437|P
        Chicago|IL|Cook County|60601|41.8781|-87.6298|C
        Houston|TX|Harris County|77002|29.7604|-95.3698|C
        Phoenix|AZ|Maricopa County|85004|33.4484|-112.0740|AZ
        Philadelphia|PA|Philadelphia County|19107|39.9526|-75.1652|E
        San Antonio|TX|Bexar County|78205|29.4241|-98.4936|C
        San Diego|CA|San Diego County|92101|32.7157|-117.1611|P
        Dallas|TX|Dallas County|75201|32.7767|-96.7970|C
        San Jose|CA|Santa Clara County|95113|37.3382|-121.8863|P
        Austin|TX|Travis County|78701|30.2672|-97.7431|C
        Jacksonville|FL|Duval County|32202|30.3322|-81.6557|E
        Fort Worth|TX|Tarrant County|76102|32.7555|-97.3308|C
        Columbus|OH|Franklin County|43215|39.9612|-82.9988|E
        Charlotte|NC|Mecklenburg County|28202|35.2271|-80.8431|E
        Indianapolis|IN|Marion County|46204|39.7684|-86.1581|IN
        San Francisco|CA|San Francisco County|94102|37.7749|-122.4194|P
        Seattle|WA|King County|98101|47.6062|-122.3321|P
        Denver|CO|Denver County|80202|39.7392|-104.9903|M
        Washington|DC|District of Columbia|20001|38.9072|-77.0369|E
        Nashville|TN|Davidson County|37201|36.1627|-86.7816|C
        Oklahoma City|OK|Oklahoma County|73102|35.4676|-97.5164|C
        El Paso|TX|El Paso County|79901|31.7619|-106.4850|M
        Boston|MA|Suffolk County|02108|42.3601|-71.0589|E
        Portland|OR|Multnomah County|97204|45.5152|-122.6784|P
        Las Vegas|NV|Clark County|89101|36.1699|-115.1398|P
        Detroit|MI|Wayne County|48226|42.3314|-83.0458|DT
        Memphis|TN|Shelby County|38103|35.1495|-90.0490|C
        Louisville|KY|Jefferson County|40202|38.2527|-85.7585|KY
        Baltimore|MD|Baltimore City|21202|39.2904|-76.6122|E
        Milwaukee|WI|Milwaukee County|53202|43.0389|-87.9065|C
        Albuquerque|NM|Bernalillo County|87102|35.0844|-106.6504|M
        Tucson|AZ|Pima County|85701|32.2226|-110.9747|AZ
        Fresno|CA|Fresno County|93721|36.7378|-119.7871|P
        Sacramento|CA|Sacramento County|95814|38.5816|-121.4944|P
        Kansas City|MO|Jackson County|64106|39.0997|-94.5786|C
        Mesa|AZ|Maricopa County|85201|33.4152|-111.8315|AZ
        Atlanta|GA|Fulton County|30303|33.7490|-84.3880|E
        Omaha|NE|Douglas County|68102|41.2565|-95.9345|C
        Colorado Springs|CO|El Paso County|80903|38.8339|-104.8214|M
        Raleigh|NC|Wake County|27601|35.7796|-78.6382|E
        Long Beach|CA|Los Angeles County|90802|33.7701|-118.1937|P
        Virginia Beach|VA|Virginia Beach City|23451|36.8529|-75.9780|E
        Miami|FL|Miami-Dade County|33130|25.7617|-80.1918|E
        Oakland|CA|Alameda County|94612|37.8044|-122.2712|P
        Minneapolis|MN|Hennepin County|55401|44.9778|-93.2650|C
        Tulsa|OK|Tulsa County|74103|36.1540|-95.9928|C
        Bakersfield|CA|Kern County|93301|35.3733|-119.0187|P
        Wichita|KS|Sedgwick County|67202|37.6872|-97.3301|C
        Arlington|TX|Tarrant County|76010|32.7357|-97.1081|C
        Aurora|CO|Arapahoe County|80012|39.7294|-104.8319|M
        Tampa|FL|Hillsborough County|33602|27.9506|-82.4572|E
        New Orleans|LA|Orleans Parish|70112|29.9511|-90.0715|C
        Cleveland|OH|Cuyahoga County|44113|41.4993|-81.6944|E
        Honolulu|HI|Honolulu County|96813|21.3069|-157.8583|HI
        Anaheim|CA|Orange County|92805|33.8366|-117.9143|P
        Lexington|KY|Fayette County|40507|38.0406|-84.5037|E
        Stockton|CA|San Joaquin County|95202|37.9577|-121.2908|P
        Corpus Christi|TX|Nueces County|78401|27.8006|-97.3964|C
        Henderson|NV|Clark County|89015|36.0395|-114.9817|P
        Riverside|CA|Riverside County|92501|33.9806|-117.3755|P
        Newark|NJ|Essex County|07102|40.7357|-74.1724|E
        Saint Paul|MN|Ramsey County|55102|44.9537|-93.0900|C
        Santa Ana|CA|Orange County|92701|33.7455|-117.8677|P
        Cincinnati|OH|Hamilton County|45202|39.1031|-84.5120|E
        Irvine|CA|Orange County|92614|33.6846|-117.8265|P
        Orlando|FL|Orange County|32801|28.5383|-81.3792|E
        Pittsburgh|PA|Allegheny County|15222|40.4406|-79.9959|E
        St. Louis|MO|St. Louis City|63101|38.6270|-90.1994|C
        Greensboro|NC|Guilford County|27401|36.0726|-79.7920|E
        Jersey City|NJ|Hudson County|07302|40.7178|-74.0431|E
        Anchorage|AK|Anchorage Municipality|99501|61.2181|-149.9003|AK
        Lincoln|NE|Lancaster County|68508|40.8136|-96.7026|C
        Plano|TX|Collin County|75074|33.0198|-96.6989|C
        Durham|NC|Durham County|27701|35.9940|-78.8986|E
        Buffalo|NY|Erie County|14202|42.8864|-78.8784|E
        Chandler|AZ|Maricopa County|85225|33.3062|-111.8413|AZ
        Chula Vista|CA|San Diego County|91910|32.6401|-117.0842|P
        Toledo|OH|Lucas County|43604|41.6528|-83.5379|E
        Madison|WI|Dane County|53703|43.0731|-89.4012|C
        Gilbert|AZ|Maricopa County|85234|33.3528|-111.7890|AZ
        Reno|NV|Washoe County|89501|39.5296|-119.8138|P
        Fort Wayne|IN|Allen County|46802|41.0793|-85.1394|IN
        North Las Vegas|NV|Clark County|89030|36.1989|-115.1175|P
        St. Petersburg|FL|Pinellas County|33701|27.7676|-82.6403|E
        Lubbock|TX|Lubbock County|79401|33.5779|-101.8552|C
        Irving|TX|Dallas County|75060|32.8140|-96.9489|C
        Laredo|TX|Webb County|78040|27.5306|-99.4803|C
        Winston-Salem|NC|Forsyth County|27101|36.0999|-80.2442|E
        Chesapeake|VA|Chesapeake City|23320|36.7682|-76.2875|E
        Glendale|AZ|Maricopa County|85301|33.5387|-112.1860|AZ
        Garland|TX|Dallas County|75040|32.9126|-96.6389|C
        Scottsdale|AZ|Maricopa County|85251|33.4942|-111.9261|AZ
        Norfolk|VA|Norfolk City|23510|36.8508|-76.2859|E
        Boise|ID|Ada County|83702|43.6150|-116.2023|BO
        Fremont|CA|Alameda County|94538|37.5485|-121.9886|P
        Spokane|WA|Spokane County|99201|47.6588|-117.4260|P
        Santa Clarita|CA|Los Angeles County|91355|34.3917|-118.5426|P
        Baton Rouge|LA|East Baton Rouge Parish|70802|30.4515|-91.1871|C
        Richmond|VA|Richmond City|23219|37.5407|-77.4360|E
        Tacoma|WA|Pierce County|98402|47.2529|-122.4443|P
        San Bernardino|CA|San Bernardino County|92401|34.1083|-117.2898|P
        Modesto|CA|Stanislaus County|95354|37.6391|-120.9969|P
        Fontana|CA|San Bernardino County|92335|34.0922|-117.4350|P
        Des Moines|IA|Polk County|50309|41.5868|-93.6250|C
        Moreno Valley|CA|Riverside County|92553|33.9425|-117.2297|P
        Fayetteville|NC|Cumberland County|28301|35.0527|-78.8784|E
        Birmingham|AL|Jefferson County|35203|33.5186|-86.8104|C
        Rochester|NY|Monroe County|14604|43.1566|-77.6088|E
        Yonkers|NY|Westchester County|10701|40.9312|-73.8988|E
        Worcester|MA|Worcester County|01608|42.2626|-71.8023|E
        Grand Rapids|MI|Kent County|49503|42.9634|-85.6681|DT
        Salt Lake City|UT|Salt Lake County|84111|40.7608|-111.8910|M
        Huntsville|AL|Madison County|35801|34.7304|-86.5861|C
        Tallahassee|FL|Leon County|32301|30.4383|-84.2807|E
        Knoxville|TN|Knox County|37902|35.9606|-83.9207|E
        Chattanooga|TN|Hamilton County|37402|35.0456|-85.3097|E
        Providence|RI|Providence County|02903|41.8240|-71.4128|E
        Springfield|MO|Greene County|65806|37.2090|-93.2923|C
        Springfield|IL|Sangamon County|62701|39.7817|-89.6501|C
        Springfield|MA|Hampden County|01103|42.1015|-72.5898|E
        Jackson|MS|Hinds County|39201|32.2988|-90.1848|C
        Little Rock|AR|Pulaski County|72201|34.7465|-92.2896|C
        Columbia|SC|Richland County|29201|34.0007|-81.0348|E
        Charleston|SC|Charleston County|29401|32.7765|-79.9311|E
        Charleston|WV|Kanawha County|25301|38.3498|-81.6326|E
        Savannah|GA|Chatham County|31401|32.0809|-81.0912|E
        Augusta|GA|Richmond County|30901|33.4735|-82.0105|E
        Montgomery|AL|Montgomery County|36104|32.3792|-86.3077|C
        Mobile|AL|Mobile County|36602|30.6954|-88.0399|C
        Shreveport|LA|Caddo Parish|71101|32.5252|-93.7502|C
        Akron|OH|Summit County|44308|41.0814|-81.5190|E
        Dayton|OH|Montgomery County|45402|39.7589|-84.1916|E
        Hartford|CT|Hartford County|06103|41.7658|-72.6734|E
        New Haven|CT|New Haven County|06510|41.3083|-72.9279|E
        Syracuse|NY|Onondaga County|13202|43.0481|-76.1474|E
        Albany|NY|Albany County|12207|42.6526|-73.7562|E
        Ithaca|NY|Tompkins County|14850|42.4440|-76.5019|E
        Geneva|NY|Ontario County|14456|42.8689|-76.9777|E
        Burlington|VT|Chittenden County|05401|44.4759|-73.2121|E
        Portland|ME|Cumberland County|04101|43.6591|-70.2568|E
        Manchester|NH|Hillsborough County|03101|42.9956|-71.4548|E
        Wilmington|DE|New Castle County|19801|39.7391|-75.5398|E
        Allentown|PA|Lehigh County|18101|40.6084|-75.4902|E
        Erie|PA|Erie County|16501|42.1292|-80.0851|E
        Scranton|PA|Lackawanna County|18503|41.4090|-75.6624|E
        Harrisburg|PA|Dauphin County|17101|40.2732|-76.8867|E
        Trenton|NJ|Mercer County|08608|40.2206|-74.7597|E
        Atlantic City|NJ|Atlantic County|08401|39.3643|-74.4229|E
        Roanoke|VA|Roanoke City|24011|37.2710|-79.9414|E
        Asheville|NC|Buncombe County|28801|35.5951|-82.5515|E
        Greenville|SC|Greenville County|29601|34.8526|-82.3940|E
        Gainesville|FL|Alachua County|32601|29.6516|-82.3248|E
        Pensacola|FL|Escambia County|32502|30.4213|-87.2169|C
        Fort Myers|FL|Lee County|33901|26.6406|-81.8723|E
        Ann Arbor|MI|Washtenaw County|48104|42.2808|-83.7430|DT
        Lansing|MI|Ingham County|48933|42.7325|-84.5555|DT
        Flint|MI|Genesee County|48502|43.0125|-83.6875|DT
        Marquette|MI|Marquette County|49855|46.5436|-87.3954|DT
        Gary|IN|Lake County|46402|41.5934|-87.3464|C
        South Bend|IN|St. Joseph County|46601|41.6764|-86.2520|IN
        Bloomington|IN|Monroe County|47404|39.1653|-86.5264|IN
        Peoria|IL|Peoria County|61602|40.6936|-89.5890|C
        Rockford|IL|Winnebago County|61101|42.2711|-89.0940|C
        Champaign|IL|Champaign County|61820|40.1164|-88.2434|C
        Green Bay|WI|Brown County|54301|44.5133|-88.0133|C
        Eau Claire|WI|Eau Claire County|54701|44.8113|-91.4985|C
        Duluth|MN|St. Louis County|55802|46.7867|-92.1005|C
        Rochester|MN|Olmsted County|55902|44.0121|-92.4802|C
        Fargo|ND|Cass County|58102|46.8772|-96.7898|C
        Bismarck|ND|Burleigh County|58501|46.8083|-100.7837|C
        Sioux Falls|SD|Minnehaha County|57104|43.5446|-96.7311|C
        Rapid City|SD|Pennington County|57701|44.0805|-103.2310|M
        Cedar Rapids|IA|Linn County|52401|41.9779|-91.6656|C
        Iowa City|IA|Johnson County|52240|41.6611|-91.5302|C
        Topeka|KS|Shawnee County|66603|39.0473|-95.6752|C
        Hays|KS|Ellis County|67601|38.8792|-99.3268|C
        Garden City|KS|Finney County|67846|37.9717|-100.8727|C
        Columbia|MO|Boone County|65201|38.9517|-92.3341|C
        Joplin|MO|Jasper County|64801|37.0842|-94.5133|C
        Fayetteville|AR|Washington County|72701|36.0626|-94.1574|C
        Amarillo|TX|Potter County|79101|35.2220|-101.8313|C
        Midland|TX|Midland County|79701|31.9973|-102.0779|C
        Brownsville|TX|Cameron County|78520|25.9017|-97.4975|C
        Waco|TX|McLennan County|76701|31.5493|-97.1467|C
        Santa Fe|NM|Santa Fe County|87501|35.6870|-105.9378|M
        Las Cruces|NM|Doña Ana County|88001|32.3199|-106.7637|M
        Flagstaff|AZ|Coconino County|86001|35.1983|-111.6513|AZ
        Pueblo|CO|Pueblo County|81003|38.2544|-104.6091|M
        Grand Junction|CO|Mesa County|81501|39.0639|-108.5506|M
        Fort Collins|CO|Larimer County|80524|40.5853|-105.0844|M
        Durango|CO|La Plata County|81301|37.2753|-107.8801|M
        Lamar|CO|Prowers County|81052|38.0872|-102.6207|M
        Cheyenne|WY|Laramie County|82001|41.1400|-104.8202|M
        Casper|WY|Natrona County|82601|42.8666|-106.3131|M
        Billings|MT|Yellowstone County|59101|45.7833|-108.5007|M
        Missoula|MT|Missoula County|59802|46.8721|-113.9940|M
        Bozeman|MT|Gallatin County|59715|45.6770|-111.0429|M
        Idaho Falls|ID|Bonneville County|83402|43.4917|-112.0339|BO
        Provo|UT|Utah County|84601|40.2338|-111.6585|M
        St. George|UT|Washington County|84770|37.0965|-113.5684|M
        Eugene|OR|Lane County|97401|44.0521|-123.0868|P
        Bend|OR|Deschutes County|97701|44.0582|-121.3153|P
        Medford|OR|Jackson County|97501|42.3265|-122.8756|P
        Yakima|WA|Yakima County|98901|46.6021|-120.5059|P
        Bellingham|WA|Whatcom County|98225|48.7519|-122.4787|P
        Redding|CA|Shasta County|96001|40.5865|-122.3917|P
        Santa Rosa|CA|Sonoma County|95404|38.4404|-122.7141|P
        Salinas|CA|Monterey County|93901|36.6777|-121.6555|P
        Eureka|CA|Humboldt County|95501|40.8021|-124.1637|P
        Fairbanks|AK|Fairbanks North Star Borough|99701|64.8378|-147.7164|AK
        Hilo|HI|Hawaii County|96720|19.7241|-155.0868|HI
        """
}
